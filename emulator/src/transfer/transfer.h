// Transfer: exports to and imports from S3, with S3 played by a local directory (`--s3-dir DIR`).
//
// Contract:
//  - S3 locations: s3://bucket/key is the file DIR/bucket/key. A bucket exists when DIR/bucket is a
//    directory; without --s3-dir no bucket exists. Names are checked before they become a path:
//    a bucket must follow S3's naming rules (3 to 63 characters of a-z, 0-9, '.', '-', starting and
//    ending with a letter or digit, no '..', not an IP address), which also keeps it one plain
//    path segment; a key is split at '/', and a key with a '.' or '..' segment, a backslash or a NUL
//    is refused (S3 takes such keys, but no file can stand for them safely).
//  - Exports and imports are complete when their call answers (as dynemu's backups are): the
//    state is COMPLETED or FAILED, never IN_PROGRESS. What the call could not do (no such bucket,
//    an unusable key) is a FAILED description with FailureCode / FailureMessage, as DynamoDB reports
//    a failure it meets after accepting the request.
//  - An export writes DynamoDB's layout under <prefix>/AWSDynamoDB/<ExportId>/: an empty _started,
//    data/<random>.json.gz (DYNAMODB_JSON: one {"Item":{...}} per line) or data/<random>.ion.gz (ION
//    text: $ion_1_0 then one {Item:{...}} per line), manifest-files.json (one line per data file:
//    itemCount, md5Checksum (base64 MD5 of the file), etag (hex MD5), dataFileS3Key),
//    manifest-summary.json (version, exportArn, startTime, endTime, tableArn, tableId, exportTime,
//    s3Bucket, s3Prefix, s3SseAlgorithm, s3SseKmsKeyId, manifestFilesS3Key, billedSizeBytes,
//    itemCount, outputFormat, exportType) and a .checksum file (hex MD5) beside each manifest.
//  - An INCREMENTAL_EXPORT writes the same manifests and checksums, its data files in the folder
//    its exports share, <prefix>/AWSDynamoDB/data/ (as DynamoDB does), one line per changed item:
//    {"Metadata":{"WriteTimestampMicros":{"N":"<micros>"}},"Keys":{...},"NewImage":{...},
//    "OldImage":{...}} (ION: {Metadata:{WriteTimestampMicros:<int>},Keys:{...},...}), NewImage
//    absent for a deleted item, OldImage only in the NEW_AND_OLD_IMAGES view and only for an item
//    that existed before the window. Its manifest-summary.json has version 2023-08-01,
//    exportFromTime and exportToTime instead of exportTime, and outputView (the view type).
//  - The record of an export or import (store::TransferRow::record) is the ExportDescription /
//    ImportTableDescription DynamoDB answers with, plus dynemu's bookkeeping in members whose names
//    start with '_' (never written out): "_Request", the request a ClientToken stands for.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "model/attribute_value.h"
#include "model/json_codec.h"

namespace dynemu::transfer {

// --- S3 locations
bool valid_bucket_name(const std::string& bucket);
// The key's segments when it maps to a file safely (empty segments, from '//', dropped), else nullopt.
std::optional<std::vector<std::string>> key_segments(const std::string& key);
// DIR/bucket when --s3-dir is set, the bucket name is valid and the directory exists.
std::optional<std::filesystem::path> bucket_directory(const std::string& s3_dir, const std::string& bucket);
// What DynamoDB reports for a bucket that does not exist.
extern const char* const kNoSuchBucketCode;
std::string no_such_bucket_message(const std::string& bucket);

// --- codecs
std::string gzip_compress(const std::string& data);
// nullopt when `data` is not a complete gzip (or zlib) stream / zstd frame sequence.
std::optional<std::string> gzip_decompress(const std::string& data);
std::optional<std::string> zstd_decompress(const std::string& data);
std::string md5_digest(const std::string& data);  // 16 raw bytes


// ION text for the subset DynamoDB's exports use: {Item:{name:value,...}} where S is a string, N a
// decimal, B a blob, BOOL a bool, NULL null, M a struct, L a list, and SS/NS/BS lists annotated
// $dynamodb_SS / $dynamodb_NS / $dynamodb_BS.
void write_ion_item(const model::Item& item, std::string& out);
// The item alone as an ION struct {name:value,...}.
void write_ion_struct(const model::Item& item, std::string& out);
// Reads the top-level values of an ION text (a $ion_1_0 marker allowed); `visit` gets each value
// as DynamoDB JSON {"Item":{...}} text, or nullopt for a value it cannot read (one error); returns
// false when the text cannot be read on past an error.
bool read_ion_items(const std::string& text, const std::function<void(std::optional<std::string>&&)>& visit);

// --- the record of an export or import
// Writes the record without dynemu's '_' members.
void write_public_members(model::JsonWriter& out, const rapidjson::Value& record);
std::string iso8601_ms(int64_t ms);  // 2020-11-04T07:28:34.028Z
// <14 digits of ms since epoch>-<8 hex digits>, the shape of an export's and import's id.
std::string new_transfer_id(int64_t now_ms);

}  // namespace dynemu::transfer

namespace dynemu::transfer {

// --- writing an export (the layout in the contract above)
struct ExportPlan {
  std::filesystem::path bucket_dir;
  std::string s3_bucket;
  std::string s3_prefix;            // as requested ("" for none)
  std::string export_id, export_arn, table_arn, table_id;
  std::string format;               // DYNAMODB_JSON or ION
  std::string sse_algorithm;        // AES256 or KMS
  std::string sse_kms_key_id;       // "" for none
  int64_t start_ms = 0, export_time_ms = 0;  // export_time_ms: FULL_EXPORT only
  // INCREMENTAL_EXPORT: the window [from, to) and NEW_IMAGE or NEW_AND_OLD_IMAGES.
  int64_t export_from_ms = 0, export_to_ms = 0;
  std::string view_type;
};
struct ExportResult {
  int64_t item_count = 0;
  int64_t billed_size_bytes = 0;
  std::string manifest_summary_key;  // the ExportManifest member
};
// Each item of the table (canonical item JSON and its DynamoDB size), one call of `put` each.
using ExportItems = std::function<void(const std::function<void(const std::string& item_json, int64_t size)>& put)>;
// Writes the export; throws std::runtime_error when a file cannot be written (the caller's FAILED).
ExportResult write_export(const ExportPlan& plan, int64_t end_ms, const ExportItems& items);
// One changed item of an incremental export (canonical item JSON; nullopt: no such image).
struct ExportedChange {
  std::string keys;
  std::optional<std::string> old_image, new_image;
  int64_t write_time_ms = 0;
};
using ExportChanges = std::function<void(const std::function<void(const ExportedChange& change)>& put)>;
// Writes an INCREMENTAL_EXPORT (plan.view_type decides whether OldImage is written).
ExportResult write_incremental_export(const ExportPlan& plan, int64_t end_ms, const ExportChanges& changes);
// "<prefix>/AWSDynamoDB/<id>" (no prefix: "AWSDynamoDB/<id>"), the folder of an export's files.
std::string export_folder_key(const std::string& s3_prefix, const std::string& export_id);

// --- reading an import's source
struct SourceFile {
  std::string key;                   // its S3 key
  std::filesystem::path path;
};
// The regular files of the bucket whose keys start with `key_prefix`, in key order.
std::vector<SourceFile> source_files(const std::filesystem::path& bucket_dir, const std::string& key_prefix);

}  // namespace dynemu::transfer

namespace dynemu::transfer {

// --- an import's records
struct CsvOptions {
  char delimiter = ',';
  std::vector<std::string> header;  // empty: the first line of each file is the header
};
// The records of one decompressed source file in `format` (DYNAMODB_JSON: one {"Item":{...}} per
// non-blank line; ION; CSV: one item per line after the header, every value a string except the
// attributes `key_types` types (N or B), empty values left out). `visit` gets each record as the
// item's DynamoDB JSON object text, or nullopt for a record that cannot be read (one error).
void read_records(const std::string& text, const std::string& format, const CsvOptions& csv,
                  const std::vector<std::pair<std::string, std::string>>& key_types,
                  const std::function<void(std::optional<std::string>&&)>& visit);

}  // namespace dynemu::transfer
