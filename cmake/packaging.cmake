# `cpack -G DEB` (in the build directory) makes one Debian package holding everything
# `cmake --install` installs: the dynemu command, the headers, the static libraries, the CMake
# package and the pkg-config files, under /usr. tests/packaging/check_deb.cmake installs it in a
# scratch root and builds the consumer example against it.
set(CPACK_PACKAGE_NAME dynemu)
set(CPACK_PACKAGE_VENDOR "dynemu")
set(CPACK_PACKAGE_CONTACT "dynemu developers <dynemu@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "local, offline stand-in for Amazon DynamoDB, with GoogleTest fixtures")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # dynemu_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The command's shared libraries are found by dpkg-shlibdeps; the headers and static libraries
# need the development packages a consumer compiles and links against.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libcpp-httplib-dev, libsqlite3-dev, zlib1g-dev, libzstd-dev, libssl-dev, libgtest-dev, libgmock-dev, libyaml-cpp-dev, libpcre2-dev, pkg-config")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "dynemu speaks DynamoDB's JSON wire protocol over HTTP and keeps each table in SQLite.\n\
The package also holds the GoogleTest fixtures library (dynemu::testing) and its headers.")
set(CPACK_GENERATOR DEB)
include(CPack)
