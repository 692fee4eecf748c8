// Operation coverage: every operation of DynamoDB's API reference (the "Actions" list of the
// Amazon DynamoDB API Reference, 57 operations, and the 4 DynamoDB Streams operations) is routed:
// called with an empty `{}` body it answers something other than UnknownOperationException.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "api_test_support.h"

namespace dynemu::testing_support {
namespace {

// The API reference's list of DynamoDB actions, as published.
const std::vector<std::string> kDynamoDbOperations = {
    "BatchExecuteStatement", "BatchGetItem", "BatchWriteItem", "CreateBackup", "CreateGlobalTable", "CreateTable",
    "DeleteBackup", "DeleteItem", "DeleteResourcePolicy", "DeleteTable", "DescribeBackup",
    "DescribeContinuousBackups", "DescribeContributorInsights", "DescribeEndpoints", "DescribeExport",
    "DescribeGlobalTable", "DescribeGlobalTableSettings", "DescribeImport", "DescribeKinesisStreamingDestination",
    "DescribeLimits", "DescribeTable", "DescribeTableReplicaAutoScaling", "DescribeTimeToLive",
    "DisableKinesisStreamingDestination", "EnableKinesisStreamingDestination", "ExecuteStatement",
    "ExecuteTransaction", "ExportTableToPointInTime", "GetItem", "GetResourcePolicy", "ImportTable", "ListBackups",
    "ListContributorInsights", "ListExports", "ListGlobalTables", "ListImports", "ListTables", "ListTagsOfResource",
    "PutItem", "PutResourcePolicy", "Query", "RestoreTableFromBackup", "RestoreTableToPointInTime", "Scan",
    "TagResource", "TransactGetItems", "TransactWriteItems", "UntagResource", "UpdateContinuousBackups",
    "UpdateContributorInsights", "UpdateGlobalTable", "UpdateGlobalTableSettings", "UpdateItem",
    "UpdateKinesisStreamingDestination", "UpdateTable", "UpdateTableReplicaAutoScaling", "UpdateTimeToLive",
};
const std::vector<std::string> kStreamsOperations = {"DescribeStream", "GetRecords", "GetShardIterator",
                                                      "ListStreams"};

TEST(OperationCoverage, ReferenceListIsComplete) {
  EXPECT_EQ(kDynamoDbOperations.size(), 57u);
  EXPECT_EQ(std::set<std::string>(kDynamoDbOperations.begin(), kDynamoDbOperations.end()).size(), 57u);
}

TEST(OperationCoverage, EveryDynamoDbOperationIsRouted) {
  for (const auto& op : kDynamoDbOperations) {
    const ApiResponse r = call(op, "{}");
    EXPECT_NE(r.error_type(), "UnknownOperationException") << op << ": " << r.body;
    EXPECT_NE(r.status, 500) << op << ": " << r.body;
  }
}

TEST(OperationCoverage, EveryStreamsOperationIsRouted) {
  for (const auto& op : kStreamsOperations) {
    const ApiResponse r = post_raw("DynamoDBStreams_20120810." + op, "{}");
    EXPECT_NE(r.error_type(), "UnknownOperationException") << op << ": " << r.body;
    EXPECT_NE(r.status, 500) << op << ": " << r.body;
  }
}

TEST(OperationCoverage, AnOperationOutsideTheReferenceIsUnknown) {
  EXPECT_EQ(call("DescribeEverything", "{}").error_type(), "UnknownOperationException");
}

}  // namespace
}  // namespace dynemu::testing_support
