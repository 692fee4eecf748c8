// The HTTP connection layer (http/connection_server.h) on raw sockets: keep-alive, pipelining,
// "Expect: 100-continue", requests that arrive in pieces, responses larger than the gathered
// buffer, "Connection: close", and stop() with an idle client connection open.
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "api_test_support.h"
#include "http/frontend.h"

namespace dynemu::testing_support {
namespace {

// A blocking client socket with a 10 s receive timeout, so a broken server fails the test, not hangs it.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool connected() const { return connected_; }

  void send_text(const std::string& text) {
    size_t off = 0;
    while (off < text.size()) {
      ssize_t n = ::send(fd_, text.data() + off, text.size() - off, MSG_NOSIGNAL);
      ASSERT_GT(n, 0) << "send failed";
      off += static_cast<size_t>(n);
    }
  }

  // Reads until `marker` has arrived; returns everything up to and including it ("" on EOF/timeout).
  std::string read_until(const std::string& marker) {
    while (true) {
      auto pos = pending_.find(marker);
      if (pos != std::string::npos) {
        std::string out = pending_.substr(0, pos + marker.size());
        pending_.erase(0, pos + marker.size());
        return out;
      }
      if (!fill()) return "";
    }
  }

  std::string read_exactly(size_t n) {
    while (pending_.size() < n)
      if (!fill()) return "";
    std::string out = pending_.substr(0, n);
    pending_.erase(0, n);
    return out;
  }

  struct Response {
    std::string head;
    std::string body;
  };
  // One HTTP response (head and Content-Length body).
  Response read_response() {
    Response r;
    r.head = read_until("\r\n\r\n");
    auto at = r.head.find("Content-Length: ");
    if (at == std::string::npos) return r;
    r.body = read_exactly(std::stoul(r.head.substr(at + 16)));
    return r;
  }

  // True when the server closed the connection (recv gives 0) with nothing more pending.
  bool closed_by_peer() {
    if (!pending_.empty()) return false;
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  bool fill() {
    char buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) return false;
    pending_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

std::string post_text(const std::string& op, const std::string& body, const std::string& extra_headers = "") {
  return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
         "X-Amz-Target: DynamoDB_20120810." + op + "\r\nX-Amz-Date: 20240101T000000Z\r\nAuthorization: " +
         std::string(kTestAuthorization) + "\r\n" + extra_headers + "Content-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

std::string status_line(const std::string& head) { return head.substr(0, head.find("\r\n")); }

void expect_crc_matches(const RawConnection::Response& r) {
  auto at = r.head.find("x-amz-crc32: ");
  ASSERT_NE(at, std::string::npos) << r.head;
  EXPECT_EQ(std::stoul(r.head.substr(at + 13)), http::body_crc32(r.body));
}

void create_table(const std::string& table) {
  ASSERT_API_OK(call("CreateTable", R"({"TableName":")" + table +
                                        R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})"));
}

TEST(Connection, ManyRequestsShareOneKeepAliveConnection) {
  RawConnection conn(shared_server().port());
  ASSERT_TRUE(conn.connected());
  for (int i = 0; i < 20; ++i) {
    conn.send_text(post_text("ListTables", "{}"));
    auto r = conn.read_response();
    ASSERT_EQ(status_line(r.head), "HTTP/1.1 200 OK") << "request " << i;
    EXPECT_NE(r.body.find("TableNames"), std::string::npos) << r.body;
    expect_crc_matches(r);
  }
}

TEST(Connection, PipelinedRequestsAreAnsweredInOrder) {
  const std::string table = unique_table_name();
  create_table(table);
  RawConnection conn(shared_server().port());
  ASSERT_TRUE(conn.connected());
  // Three requests in one write: put, get, and a malformed one; three answers, in order.
  conn.send_text(post_text("PutItem", R"({"TableName":")" + table + R"(","Item":{"id":{"S":"a"},"v":{"N":"7"}}})") +
                 post_text("GetItem", R"({"TableName":")" + table + R"(","Key":{"id":{"S":"a"}}})") +
                 post_text("GetItem", "{not json"));
  auto put = conn.read_response();
  auto get = conn.read_response();
  auto bad = conn.read_response();
  EXPECT_EQ(status_line(put.head), "HTTP/1.1 200 OK") << put.body;
  EXPECT_EQ(put.body, "{}");
  EXPECT_EQ(status_line(get.head), "HTTP/1.1 200 OK") << get.body;
  EXPECT_EQ(get.body, R"({"Item":{"id":{"S":"a"},"v":{"N":"7"}}})");
  EXPECT_EQ(status_line(bad.head), "HTTP/1.1 400 Bad Request") << bad.body;
  EXPECT_NE(bad.body.find("SerializationException"), std::string::npos) << bad.body;
}

TEST(Connection, RequestArrivingInPiecesIsAssembled) {
  RawConnection conn(shared_server().port());
  ASSERT_TRUE(conn.connected());
  const std::string text = post_text("ListTables", R"({"Limit":5})");
  for (size_t off = 0; off < text.size(); off += 7) {
    conn.send_text(text.substr(off, 7));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  auto r = conn.read_response();
  EXPECT_EQ(status_line(r.head), "HTTP/1.1 200 OK") << r.body;
  expect_crc_matches(r);
}

TEST(Connection, ExpectContinueGetsInterimResponseBeforeTheBodyIsSent) {
  RawConnection conn(shared_server().port());
  ASSERT_TRUE(conn.connected());
  const std::string full = post_text("ListTables", "{}", "Expect: 100-continue\r\n");
  const size_t head_end = full.find("\r\n\r\n") + 4;
  conn.send_text(full.substr(0, head_end));
  // The body is held back until the server asks for it: the interim answer must arrive on its own.
  EXPECT_EQ(conn.read_until("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  conn.send_text(full.substr(head_end));
  auto r = conn.read_response();
  EXPECT_EQ(status_line(r.head), "HTTP/1.1 200 OK") << r.body;
}

TEST(Connection, ResponseLargerThanTheGatherBufferArrivesWhole) {
  const std::string table = unique_table_name();
  create_table(table);
  const std::string big(300 * 1024, 'x');
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + table + R"(","Item":{"id":{"S":"big"},"blob":{"S":")" + big +
                                    R"("}}})"));
  RawConnection conn(shared_server().port());
  ASSERT_TRUE(conn.connected());
  for (int i = 0; i < 2; ++i) {  // twice, so the connection is still in step after a large answer
    conn.send_text(post_text("GetItem", R"({"TableName":")" + table + R"(","Key":{"id":{"S":"big"}}})"));
    auto r = conn.read_response();
    ASSERT_EQ(status_line(r.head), "HTTP/1.1 200 OK");
    EXPECT_EQ(r.body.size(), big.size() + std::string(R"({"Item":{"id":{"S":"big"},"blob":{"S":""}}})").size());
    EXPECT_NE(r.body.find(big), std::string::npos);
    expect_crc_matches(r);
  }
}

TEST(Connection, ConnectionCloseIsHonoured) {
  RawConnection conn(shared_server().port());
  ASSERT_TRUE(conn.connected());
  conn.send_text(post_text("ListTables", "{}", "Connection: close\r\n"));
  auto r = conn.read_response();
  EXPECT_EQ(status_line(r.head), "HTTP/1.1 200 OK");
  EXPECT_NE(r.head.find("Connection: close"), std::string::npos) << r.head;
  EXPECT_TRUE(conn.closed_by_peer());
}

// A request line or a header line past 8 KB: DynamoDB answers 400 Bad Request (for the URL, as
// ScyllaDB's Alternator tests record it), and the connection ends, since what follows on it is the
// rest of the refused request, never a request of its own.
TEST(Connection, OverlongRequestLineOrHeaderIs400AndEndsTheConnection) {
  const std::string long_path = "/" + std::string(17000, 'x');
  const std::string request = post_text("ListTables", "{}");
  const std::string overlong_line = "POST " + long_path + request.substr(request.find(" HTTP/1.1"));
  const std::string overlong_header = post_text("ListTables", "{}", "X-Padding: " + std::string(9000, 'p') + "\r\n");
  for (const std::string& text : {overlong_line, overlong_header}) {
    RawConnection conn(shared_server().port());
    ASSERT_TRUE(conn.connected());
    // A well-formed request pipelined behind it must not be answered on this connection.
    conn.send_text(text + post_text("ListTables", "{}"));
    auto r = conn.read_response();
    EXPECT_EQ(status_line(r.head), "HTTP/1.1 400 Bad Request") << r.head;
    EXPECT_NE(r.head.find("Connection: close"), std::string::npos) << r.head;
    EXPECT_EQ(r.body.find("InvalidSignatureException"), std::string::npos) << r.body;
    expect_crc_matches(r);
    EXPECT_TRUE(conn.closed_by_peer());
  }
  // Headers of a normal size, and the server, are unaffected.
  RawConnection conn(shared_server().port());
  conn.send_text(post_text("ListTables", "{}", "X-Padding: " + std::string(4000, 'p') + "\r\n"));
  EXPECT_EQ(status_line(conn.read_response().head), "HTTP/1.1 200 OK");
}

// The listen backlog of the TCP socket listening on 127.0.0.1:`port`, as the kernel reports it to
// `ss` (inet_diag: a listening socket's idiag_wqueue is its backlog); -1 if none was found.
int listen_backlog(int port) {
  const int fd = ::socket(AF_NETLINK, SOCK_DGRAM, NETLINK_SOCK_DIAG);
  if (fd < 0) return -1;
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof(message);
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.sdiag_family = AF_INET;
  message.request.sdiag_protocol = IPPROTO_TCP;
  message.request.idiag_states = 1u << 10;  // TCP_LISTEN
  int backlog = -1;
  if (::send(fd, &message, sizeof(message), 0) == static_cast<ssize_t>(sizeof(message))) {
    char buffer[32768];
    for (bool done = false; !done;) {
      const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      int left = static_cast<int>(n);
      for (auto* h = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
        if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
          done = true;
          break;
        }
        const auto* d = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
        if (ntohs(d->id.idiag_sport) == port) backlog = static_cast<int>(d->idiag_wqueue);
      }
    }
  }
  ::close(fd);
  return backlog;
}

// Debian's cpp-httplib listens with a backlog of 5, too few for a burst of connections (the soak
// test's 64 clients starting together were reset); the server raises it on the bound socket.
TEST(Connection, ListeningSocketQueuesABurstOfConnections) {
  const int backlog = listen_backlog(shared_server().port());
  ASSERT_NE(backlog, -1) << "no listening socket found through inet_diag";
  EXPECT_GE(backlog, 128);
}

TEST(Connection, ClientThatClosesMidRequestLeavesTheServerServing) {
  {
    RawConnection conn(shared_server().port());
    ASSERT_TRUE(conn.connected());
    const std::string text = post_text("ListTables", "{}");
    conn.send_text(text.substr(0, text.size() - 1));  // one byte short, then gone
  }
  EXPECT_EQ(call("ListTables", "{}").status, 200);
}

TEST(Connection, PostWithoutContentLengthHasAnEmptyBody) {
  // `curl -X POST URL` sends neither Content-Length nor Transfer-Encoding: the request has no body
  // (RFC 9112, 6.3) and is answered at once, and the connection goes on serving.
  RawConnection conn(shared_server().port());
  ASSERT_TRUE(conn.connected());
  const auto started = std::chrono::steady_clock::now();
  conn.send_text("DELETE /_dynemu/faults HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                 "POST /_dynemu/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88.1\r\n\r\n" +
                 post_text("ListTables", "{}"));
  auto cleared = conn.read_response();
  EXPECT_EQ(status_line(cleared.head), "HTTP/1.1 200 OK") << cleared.head;
  EXPECT_NE(cleared.body.find("cleared"), std::string::npos) << cleared.body;
  auto empty_post = conn.read_response();
  EXPECT_EQ(status_line(empty_post.head), "HTTP/1.1 400 Bad Request") << empty_post.head;
  EXPECT_NE(empty_post.body.find("the body is not JSON"), std::string::npos) << empty_post.body;
  auto listed = conn.read_response();
  EXPECT_EQ(status_line(listed.head), "HTTP/1.1 200 OK") << listed.head;
  EXPECT_NE(listed.body.find("TableNames"), std::string::npos) << listed.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));  // not after a read timeout
}

TEST(Connection, BodylessPostArrivingInPiecesIsAnswered) {
  RawConnection conn(shared_server().port());
  ASSERT_TRUE(conn.connected());
  const std::string request =
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
      "X-Amz-Date: 20240101T000000Z\r\nAuthorization: " + std::string(kTestAuthorization) + "\r\n\r\n";
  for (size_t at = 0; at < request.size(); at += 7) {
    conn.send_text(request.substr(at, 7));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  auto r = conn.read_response();
  EXPECT_EQ(status_line(r.head), "HTTP/1.1 400 Bad Request") << r.head;
  EXPECT_NE(r.body.find("SerializationException"), std::string::npos) << r.body;
  // A body with a length and a chunked body are untouched.
  conn.send_text(post_text("ListTables", "{}"));
  EXPECT_EQ(status_line(conn.read_response().head), "HTTP/1.1 200 OK");
  conn.send_text("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                 "X-Amz-Date: 20240101T000000Z\r\nAuthorization: " + std::string(kTestAuthorization) +
                 "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  auto chunked = conn.read_response();
  EXPECT_EQ(status_line(chunked.head), "HTTP/1.1 200 OK") << chunked.head << chunked.body;
}

TEST(Connection, IdleKeepAliveConnectionDoesNotHoldUpStop) {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  dynemu::Server server(options);
  server.start();
  RawConnection conn(server.port());
  ASSERT_TRUE(conn.connected());
  conn.send_text(post_text("ListTables", "{}"));
  ASSERT_EQ(status_line(conn.read_response().head), "HTTP/1.1 200 OK");
  // The connection now idles in keep-alive (5 s). stop() must not wait for that timeout.
  const auto started = std::chrono::steady_clock::now();
  server.stop();
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_LT(waited, std::chrono::seconds(2));
  EXPECT_TRUE(conn.closed_by_peer());
}

}  // namespace
}  // namespace dynemu::testing_support
