// UnusedLibraryPages: hands back the memory of shared libraries dynemu links but never runs.
//
// Contract: release_unused_library_pages() asks the kernel (madvise MADV_PAGEOUT) to reclaim the
// resident pages of OpenSSL's libraries (libssl, libcrypto) in this process. Nothing else is
// touched. Always safe: clean file pages are simply unmapped and would fault back in from the page
// cache if ever run; pages the process wrote stay (there is no swap to page them to). Returns the
// kilobytes that were resident in those mappings before the call; 0 where the kernel refuses.
//
// Why: the Debian cpp-httplib library is built with TLS support, and its static initializer calls
// OPENSSL_init_ssl() before main(), which loads OpenSSL's error-string tables and runs enough of
// libcrypto to leave about 1.5 MB of its code resident. dynemu serves plain HTTP on 127.0.0.1 and
// never calls OpenSSL again, so those pages only inflate an idle emulator's memory.
#pragma once
#include <cstddef>

namespace dynemu::process {

size_t release_unused_library_pages();

}  // namespace dynemu::process
