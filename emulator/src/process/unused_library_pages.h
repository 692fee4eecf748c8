// UnusedLibraryPages: hands back the memory of shared libraries dynemu links but never runs.
//
// Contract: release_unused_library_pages() drops, from this process's memory, the resident pages of
// OpenSSL's libraries (libssl, libcrypto) that are read-only clean file pages (madvise
// MADV_DONTNEED on each read-only mapping of theirs that holds no anonymous memory). Nothing else
// is touched. Always safe: such a page reads back from the file, unchanged, if it is ever used
// again; relocated data (anonymous memory) is never dropped. Returns the kilobytes that were
// resident in the mappings it dropped; 0 where the kernel refuses.
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
