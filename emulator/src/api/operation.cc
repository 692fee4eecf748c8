#include "api/operation.h"

#include <utility>

namespace dynemu::api {

Operation find_operation(std::string_view name) {
  static constexpr std::pair<std::string_view, Operation> kOperations[] = {
      {"CreateTable", create_table}, {"DescribeTable", describe_table}, {"ListTables", list_tables},
      {"DeleteTable", delete_table}, {"UpdateTable", update_table},     {"PutItem", put_item},
      {"GetItem", get_item},         {"DeleteItem", delete_item},     {"UpdateItem", update_item},
      {"BatchGetItem", batch_get_item}, {"BatchWriteItem", batch_write_item},
      {"Query", query},              {"Scan", scan},
      {"TransactWriteItems", transact_write_items}, {"TransactGetItems", transact_get_items},
      {"UpdateTimeToLive", update_time_to_live}, {"DescribeTimeToLive", describe_time_to_live},
      {"TagResource", tag_resource}, {"UntagResource", untag_resource},
      {"ListTagsOfResource", list_tags_of_resource},
      {"UpdateContinuousBackups", update_continuous_backups},
      {"DescribeContinuousBackups", describe_continuous_backups},
      {"CreateBackup", create_backup}, {"DescribeBackup", describe_backup}, {"ListBackups", list_backups},
      {"DeleteBackup", delete_backup}, {"RestoreTableFromBackup", restore_table_from_backup},
      {"RestoreTableToPointInTime", restore_table_to_point_in_time},
      {"ExportTableToPointInTime", export_table_to_point_in_time}, {"DescribeExport", describe_export},
      {"ListExports", list_exports}, {"ImportTable", import_table}, {"DescribeImport", describe_import},
      {"ListImports", list_imports},
      {"ExecuteStatement", execute_statement}, {"BatchExecuteStatement", batch_execute_statement},
      {"ExecuteTransaction", execute_transaction},
      {"DescribeLimits", describe_limits}, {"DescribeEndpoints", describe_endpoints},
      {"UpdateContributorInsights", update_contributor_insights},
      {"DescribeContributorInsights", describe_contributor_insights},
      {"ListContributorInsights", list_contributor_insights},
      {"EnableKinesisStreamingDestination", enable_kinesis_streaming_destination},
      {"DisableKinesisStreamingDestination", disable_kinesis_streaming_destination},
      {"DescribeKinesisStreamingDestination", describe_kinesis_streaming_destination},
      {"UpdateKinesisStreamingDestination", update_kinesis_streaming_destination},
      {"PutResourcePolicy", put_resource_policy}, {"GetResourcePolicy", get_resource_policy},
      {"DeleteResourcePolicy", delete_resource_policy},
      {"CreateGlobalTable", create_global_table}, {"DescribeGlobalTable", describe_global_table},
      {"ListGlobalTables", list_global_tables}, {"UpdateGlobalTable", update_global_table},
      {"DescribeGlobalTableSettings", describe_global_table_settings},
      {"UpdateGlobalTableSettings", update_global_table_settings},
      {"DescribeTableReplicaAutoScaling", describe_table_replica_auto_scaling},
      {"UpdateTableReplicaAutoScaling", update_table_replica_auto_scaling},
  };
  for (const auto& [op_name, op] : kOperations)
    if (op_name == name) return op;
  return nullptr;
}

Operation find_streams_operation(std::string_view name) {
  static constexpr std::pair<std::string_view, Operation> kOperations[] = {
      {"ListStreams", list_streams},
      {"DescribeStream", describe_stream},
      {"GetShardIterator", get_shard_iterator},
      {"GetRecords", get_records},
  };
  for (const auto& [op_name, op] : kOperations)
    if (op_name == name) return op;
  return nullptr;
}

}  // namespace dynemu::api
