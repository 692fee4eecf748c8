// Store::query / scan: key ranges, order, paging positions, sparse indexes, scan segments.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "model/json_codec.h"
#include "model/key_codec.h"
#include "store/store.h"

namespace dynemu::store {
namespace {

using model::AttributeValue;
using model::AttrType;
using model::Item;

AttributeValue num(const std::string& text) {
  std::string err;
  return AttributeValue::number(*model::Number::parse(text, &err));
}

class QueryScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TableSchema s;
    s.name = "Events";
    s.key.hash = {"pk", AttrType::S};
    s.key.range = KeyAttribute{"sk", AttrType::N};
    IndexSchema gsi{"ByKind", true, {{"kind", AttrType::S}, KeyAttribute{"sk", AttrType::N}, {}, {}}, 1};
    IndexSchema lsi{"ByTag", false, {{"pk", AttrType::S}, KeyAttribute{"tag", AttrType::S}, {}, {}}, 2};
    s.indexes = {gsi, lsi};
    s.description = "{}";
    auto w = store_.write();
    w.create_table(s);
    schema_ = w.find_table("Events");
    // sort keys -3 .. 16 in partition "a"; every third has a kind (sparse GSI), every other a tag.
    for (int i = -3; i <= 16; ++i) {
      Item item{{"pk", AttributeValue::string("a")}, {"sk", num(std::to_string(i))}};
      if (i % 3 == 0) item["kind"] = AttributeValue::string("k");
      if (i % 2 == 0) item["tag"] = AttributeValue::string("t" + std::to_string(i + 10));
      w.put_item(*schema_, ItemRow::from_item(*schema_, item));
    }
    for (int i = 0; i < 50; ++i) {
      Item item{{"pk", AttributeValue::string("p" + std::to_string(i))}, {"sk", num("1")}};
      w.put_item(*schema_, ItemRow::from_item(*schema_, item));
    }
    w.commit();
  }

  std::vector<std::string> sort_keys(const QuerySpec& spec) {
    std::vector<std::string> out;
    auto r = store_.read();
    r.query(*schema_, spec, [&](StoredRow&& row) {
      out.push_back(model::item_from_json(row.json).at("sk").n.to_string());
      return true;
    });
    return out;
  }

  QuerySpec on_a(SortKeyRange::Kind kind, const std::string& low = "", const std::string& high = "") {
    QuerySpec q;
    q.partition = model::encode_key(AttributeValue::string("a"));
    q.range.kind = kind;
    if (!low.empty()) q.range.low = model::encode_key(num(low));
    if (!high.empty()) q.range.high = model::encode_key(num(high));
    return q;
  }

  Store store_{{"", true}};
  std::shared_ptr<const TableSchema> schema_;
};

TEST_F(QueryScanTest, SortKeyConditionsInNumericOrder) {
  using K = SortKeyRange::Kind;
  EXPECT_EQ(sort_keys(on_a(K::Any)).size(), 20u);
  EXPECT_EQ(sort_keys(on_a(K::Any)).front(), "-3");
  EXPECT_EQ(sort_keys(on_a(K::Eq, "7")), std::vector<std::string>{"7"});
  EXPECT_EQ(sort_keys(on_a(K::Lt, "-1")), (std::vector<std::string>{"-3", "-2"}));
  EXPECT_EQ(sort_keys(on_a(K::Le, "-1")), (std::vector<std::string>{"-3", "-2", "-1"}));
  EXPECT_EQ(sort_keys(on_a(K::Gt, "14")), (std::vector<std::string>{"15", "16"}));
  EXPECT_EQ(sort_keys(on_a(K::Ge, "14")), (std::vector<std::string>{"14", "15", "16"}));
  EXPECT_EQ(sort_keys(on_a(K::Between, "9", "11")), (std::vector<std::string>{"9", "10", "11"}));
  auto backwards = on_a(K::Between, "9", "11");
  backwards.forward = false;
  EXPECT_EQ(sort_keys(backwards), (std::vector<std::string>{"11", "10", "9"}));
}

TEST_F(QueryScanTest, PagingResumesAfterThePosition) {
  auto q = on_a(SortKeyRange::Kind::Any);
  RowPosition after;
  after.sk = model::encode_key(num("13"));
  q.start_after = after;
  EXPECT_EQ(sort_keys(q), (std::vector<std::string>{"14", "15", "16"}));
  q.forward = false;
  EXPECT_EQ(sort_keys(q).front(), "12");
}

TEST_F(QueryScanTest, PrefixRangeOnStrings) {
  QuerySpec q;
  q.index = schema_->find_index("ByTag");
  q.partition = model::encode_key(AttributeValue::string("a"));
  q.range.kind = SortKeyRange::Kind::Prefix;
  q.range.low = "t1";
  std::vector<std::string> tags;
  auto r = store_.read();
  r.query(*schema_, q, [&](StoredRow&& row) {
    tags.push_back(model::item_from_json(row.json).at("tag").s);
    return true;
  });
  // Even sort keys -2..16 carry tags t8..t26; the prefix "t1" selects t10..t18.
  EXPECT_EQ(tags, (std::vector<std::string>{"t10", "t12", "t14", "t16", "t18"}));
}

TEST_F(QueryScanTest, GlobalIndexIsSparse) {
  QuerySpec q;
  q.index = schema_->find_index("ByKind");
  q.partition = model::encode_key(AttributeValue::string("k"));
  EXPECT_EQ(sort_keys(q), (std::vector<std::string>{"-3", "0", "3", "6", "9", "12", "15"}));
}

TEST_F(QueryScanTest, ScanSegmentsAreDisjointAndCoverTheTable) {
  std::multiset<std::string> all;
  auto r = store_.read();
  r.scan(*schema_, {}, [&](StoredRow&& row) {
    all.insert(row.pk + "|" + row.sk);
    return true;
  });
  EXPECT_EQ(all.size(), 70u);
  for (int total : {2, 3, 7}) {
    std::multiset<std::string> seen;
    for (int seg = 0; seg < total; ++seg) {
      ScanSpec s;
      s.segment = seg;
      s.total_segments = total;
      r.scan(*schema_, s, [&](StoredRow&& row) {
        seen.insert(row.pk + "|" + row.sk);
        return true;
      });
    }
    EXPECT_EQ(seen, all) << "segments of " << total;
  }
}

TEST_F(QueryScanTest, ScanPagingVisitsEveryItemOnce) {
  std::vector<std::string> pages;
  std::optional<RowPosition> start;
  auto r = store_.read();
  while (true) {
    ScanSpec s;
    s.start_after = start;
    int n = 0;
    std::optional<RowPosition> last;
    r.scan(*schema_, s, [&](StoredRow&& row) {
      pages.push_back(row.pk + "|" + row.sk);
      last = RowPosition{row.pk, row.sk, "", ""};
      return ++n < 9;
    });
    if (n < 9) break;
    start = last;
  }
  std::set<std::string> unique(pages.begin(), pages.end());
  EXPECT_EQ(pages.size(), 70u);
  EXPECT_EQ(unique.size(), 70u);
}

}  // namespace
}  // namespace dynemu::store
