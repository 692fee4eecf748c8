#include "http/connection_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <strings.h>
#include <exception>
#include <string>

namespace dynemu::http {
namespace {

thread_local bool close_after_response = false;

constexpr size_t kReadBufferBytes = 16 * 1024;
// A response up to this size leaves in one send(); past it, the gathered part is sent and the rest
// written straight through (a 1 MB Query page gains nothing from one more copy).
constexpr size_t kGatherBytes = 64 * 1024;
// How often an idle keep-alive connection looks whether the server is stopping.
constexpr int kStopCheckMillis = 50;

// "ip", port of a socket address, as httplib's SocketStream reports them (numeric host).
void describe_address(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof(text));
    port = ntohs(v4.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof(text));
    port = ntohs(v6.sin6_port);
  } else {
    port = 0;
  }
  ip = text;
}

// One end of a connection (the peer's or ours), looked up on first use: httplib asks on every request.
struct SocketEnd {
  bool known = false;
  std::string ip;
  int port = 0;

  using Lookup = int (*)(int, sockaddr*, socklen_t*);
  void read(int sock, Lookup lookup, std::string& ip_out, int& port_out) {
    if (!known) {
      sockaddr_storage addr{};
      socklen_t len = sizeof(addr);
      if (lookup(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) describe_address(addr, ip, port);
      known = true;
    }
    ip_out = ip;
    port_out = port;
  }
};

// Watches a request head as httplib reads it (one byte per call) and says when to add
// "Content-Length: 0" before the blank line that ends it: a POST, PUT, PATCH or DELETE that names
// neither Content-Length nor Transfer-Encoding has no body (RFC 9112, section 6.3), but httplib 0.11
// reads such a body until the peer closes the connection, so `curl -X POST URL` (which sends neither)
// would wait for the read timeout and then be refused.
class BodylessRequestHead {
 public:
  void begin() { *this = BodylessRequestHead(); }
  bool watching() const { return watching_; }
  void stop() { watching_ = false; }

  // True when the header must be delivered before byte `c` (the start of the head's last line).
  bool needs_length_before(char c) const {
    return line_start_ && !first_line_ && c == '\r' && method_has_body_ && !length_known_;
  }
  void length_added() { length_known_ = true; }

  void saw(char c) {
    if (c != '\n') {
      if (c != '\r' && line_.size() < kKeep) line_ += c;
      line_start_ = false;
      return;
    }
    if (first_line_) {
      const std::string method = line_.substr(0, line_.find(' '));
      method_has_body_ = method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
      first_line_ = false;
    } else if (line_.empty()) {
      watching_ = false;  // the blank line: the head is over
    } else if (starts_with_name(line_, "content-length:") || starts_with_name(line_, "transfer-encoding:")) {
      length_known_ = true;
    }
    line_.clear();
    line_start_ = true;
  }

 private:
  static constexpr size_t kKeep = 24;  // enough of a line to tell its header name
  static bool starts_with_name(const std::string& line, const char* name) {
    const size_t n = std::strlen(name);
    return line.size() >= n && strncasecmp(line.data(), name, n) == 0;
  }
  bool watching_ = true;
  bool first_line_ = true;
  bool line_start_ = true;
  bool method_has_body_ = false;
  bool length_known_ = false;
  std::string line_;
};

// httplib::Stream over one accepted socket. Reads are buffered; writes are gathered until flush().
// httplib's accept loop has already set the socket's SO_RCVTIMEO / SO_SNDTIMEO to its read and
// write timeouts, so a blocking recv() or send() never waits longer than its own poll() would have.
class BufferedSocketStream final : public httplib::Stream {
 public:
  BufferedSocketStream(int sock, time_t read_sec, time_t read_usec, time_t write_sec, time_t write_usec)
      : sock_(sock), read_sec_(read_sec), read_usec_(read_usec), write_sec_(write_sec), write_usec_(write_usec) {
    out_.reserve(4096);
  }

  bool has_buffered_input() const { return in_pos_ < in_end_; }

  // A new request starts: its head is watched again (see BodylessRequestHead).
  void begin_request() {
    head_.begin();
    injected_ = nullptr;
  }

  bool is_readable() const override {
    if (has_buffered_input()) return true;
    return wait_for(POLLIN, static_cast<int>(read_sec_ * 1000 + read_usec_ / 1000));
  }

  bool is_writable() const override {
    return wait_for(POLLOUT, static_cast<int>(write_sec_ * 1000 + write_usec_ / 1000));
  }

  ssize_t read(char* ptr, size_t size) override {
    if (head_.watching() && size == 1) return read_head_byte(ptr);
    head_.stop();  // a body read: the head is behind us
    // httplib reads the request line and headers one byte per call.
    if (size == 1 && has_buffered_input()) {
      *ptr = in_[in_pos_++];
      return 1;
    }
    return fill_and_copy(ptr, size);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (out_.size() + size <= kGatherBytes) {
      out_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    if (!flush()) return -1;
    if (size <= kGatherBytes) {
      out_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    return send_all(ptr, size) ? static_cast<ssize_t>(size) : -1;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { peer_.read(sock_, getpeername, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { local_.read(sock_, getsockname, ip, port); }

  socket_t socket() const override { return sock_; }

  // Sends everything gathered so far. False when the peer is gone or the write timeout passed.
  bool flush() {
    if (out_.empty()) return true;
    bool sent = send_all(out_.data(), out_.size());
    out_.clear();
    return sent;
  }

 private:
  static constexpr const char* kEmptyBodyHeader = "Content-Length: 0\r\n";

  // One byte of a request head, with "Content-Length: 0" added where BodylessRequestHead says.
  ssize_t read_head_byte(char* ptr) {
    if (injected_ && *injected_) {
      *ptr = *injected_++;
      return 1;
    }
    ssize_t n = has_buffered_input() ? (*ptr = in_[in_pos_++], 1) : fill_and_copy(ptr, 1);
    if (n != 1) return n;
    if (head_.needs_length_before(*ptr)) {
      --in_pos_;  // the '\r' waits behind the added header
      head_.length_added();
      injected_ = kEmptyBodyHeader;
      *ptr = *injected_++;
      return 1;
    }
    head_.saw(*ptr);
    return 1;
  }

  ssize_t fill_and_copy(char* ptr, size_t size) {
    if (!has_buffered_input()) {
      // The peer may be waiting for what we wrote (an interim "100 Continue") before it sends more.
      if (!flush()) return -1;
      if (size >= kReadBufferBytes) return receive(ptr, size);
      ssize_t n = receive(in_, kReadBufferBytes);
      if (n <= 0) return n;
      in_pos_ = 0;
      in_end_ = static_cast<size_t>(n);
    }
    size_t n = std::min(size, in_end_ - in_pos_);
    std::memcpy(ptr, in_ + in_pos_, n);
    in_pos_ += n;
    return static_cast<ssize_t>(n);
  }

  bool wait_for(short events, int timeout_ms) const {
    pollfd p{sock_, events, 0};
    int r;
    do r = ::poll(&p, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    return r > 0;
  }

  ssize_t receive(char* ptr, size_t size) {
    ssize_t n;
    do n = ::recv(sock_, ptr, size, 0);
    while (n < 0 && errno == EINTR);
    return n;
  }

  bool send_all(const char* data, size_t size) {
    size_t offset = 0;
    while (offset < size) {
      ssize_t n = ::send(sock_, data + offset, size - offset, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      offset += static_cast<size_t>(n);
    }
    return true;
  }

  const int sock_;
  const time_t read_sec_, read_usec_, write_sec_, write_usec_;
  char in_[kReadBufferBytes];
  size_t in_pos_ = 0, in_end_ = 0;
  std::string out_;
  mutable SocketEnd peer_, local_;
  BodylessRequestHead head_;
  const char* injected_ = nullptr;  // the rest of an added header still to deliver
};

}  // namespace

void close_connection_after_response() { close_after_response = true; }

bool ConnectionServer::process_and_close_socket(socket_t sock) {
  BufferedSocketStream stream(sock, read_timeout_sec_, read_timeout_usec_, write_timeout_sec_, write_timeout_usec_);
  const long idle_limit_ms = static_cast<long>(keep_alive_timeout_sec_) * 1000;
  bool served = false;
  for (size_t remaining = keep_alive_max_count_; remaining > 0; --remaining) {
    // Wait for the next request: as long as the keep-alive timeout, looking every 50 ms whether
    // stop() closed the listening socket. Data already buffered (a pipelined request) needs no wait.
    // A poll that times out has waited one whole slice, so the slices count the idle time.
    bool ready = stream.has_buffered_input();
    long idle_ms = 0;
    while (!ready) {
      pollfd p{sock, POLLIN, 0};
      int r = ::poll(&p, 1, kStopCheckMillis);
      if (r > 0) ready = true;
      else if (r < 0 && errno != EINTR) break;
      else if (svr_sock_ == INVALID_SOCKET || (idle_ms += kStopCheckMillis) >= idle_limit_ms) break;
    }
    if (!ready) break;
    // A request that arrives while the server stops is still answered, with "Connection: close".
    const bool close_connection = remaining == 1 || svr_sock_ == INVALID_SOCKET;
    bool connection_closed = false;
    stream.begin_request();
    close_after_response = false;
    try {
      served = process_request(stream, close_connection, connection_closed, nullptr);
    } catch (const std::exception&) {
      // httplib answers a handler's exceptions itself; one from its own parsing (out of memory)
      // ends this connection rather than the process.
      served = false;
    }
    if (!stream.flush() || !served || connection_closed || close_connection || close_after_response) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return served;
}

}  // namespace dynemu::http
