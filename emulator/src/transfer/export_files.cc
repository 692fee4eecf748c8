// Writing an export's files in DynamoDB's layout (transfer.h).
#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/table_description.h"
#include "model/json_codec.h"
#include "transfer/transfer.h"

namespace dynemu::transfer {
namespace {

void write_file(const std::filesystem::path& bucket_dir, const std::string& key, const std::string& content) {
  const auto segments = key_segments(key);
  if (!segments || segments->empty()) throw std::runtime_error("the S3 key " + key + " cannot be a file");
  std::filesystem::path path = bucket_dir;
  for (const auto& s : *segments) path /= s;
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(content.data(), static_cast<std::streamsize>(content.size()));
  file.close();
  if (!file) throw std::runtime_error("cannot write s3 key " + key + " (" + path.string() + ")");
}

std::string json_text(const std::function<void(model::JsonWriter&)>& write) {
  rapidjson::StringBuffer buffer;
  model::JsonWriter out(buffer);
  write(out);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void write_checksum(const std::filesystem::path& bucket_dir, const std::string& json_key, const std::string& content) {
  const std::string key = json_key.substr(0, json_key.size() - std::string(".json").size()) + ".checksum";
  write_file(bucket_dir, key, model::hex_encode(md5_digest(content)));
}

}  // namespace

std::string export_folder_key(const std::string& s3_prefix, const std::string& export_id) {
  std::string key = s3_prefix;
  if (!key.empty() && key.back() != '/') key.push_back('/');
  return key + "AWSDynamoDB/" + export_id;
}

namespace {

// What an export's data text is written into; the counts the manifests report.
struct DataText {
  std::string text;
  ExportResult result;
};

// Writes the data file, the manifests and their checksums of an export whose _started and data
// text are done; `data_folder` is the key of the folder its data file goes in.
ExportResult finish_export(const ExportPlan& plan, int64_t end_ms, const std::string& folder,
                           const std::string& data_folder, bool incremental, DataText&& data) {
  const bool ion = plan.format == "ION";
  ExportResult result = data.result;
  // One data file: dynemu's table is one partition ("at least 1 file per partition").
  const std::string data_key = data_folder + "/" + api::new_uuid().substr(0, 8) + api::new_uuid().substr(0, 18) +
                               (ion ? ".ion.gz" : ".json.gz");
  const std::string compressed = gzip_compress(data.text);
  write_file(plan.bucket_dir, data_key, compressed);
  const std::string digest = md5_digest(compressed);

  const std::string files_key = folder + "/manifest-files.json";
  const std::string files = json_text([&](model::JsonWriter& out) {
    out.StartObject();
    out.Key("itemCount");
    out.Int64(result.item_count);
    out.Key("md5Checksum");
    out.String(model::base64_encode(digest));
    out.Key("etag");
    out.String(model::hex_encode(digest));
    out.Key("dataFileS3Key");
    out.String(data_key);
    out.EndObject();
  }) + "\n";
  write_file(plan.bucket_dir, files_key, files);
  write_checksum(plan.bucket_dir, files_key, files);

  result.manifest_summary_key = folder + "/manifest-summary.json";
  const std::string summary = json_text([&](model::JsonWriter& out) {
    out.StartObject();
    auto field = [&out](const char* name, const std::string& value) {
      out.Key(name);
      out.String(value);
    };
    // Incremental exports came with a later version of the summary's layout.
    field("version", incremental ? "2023-08-01" : "2020-06-30");
    field("exportArn", plan.export_arn);
    field("startTime", iso8601_ms(plan.start_ms));
    field("endTime", iso8601_ms(end_ms));
    field("tableArn", plan.table_arn);
    field("tableId", plan.table_id);
    if (incremental) {
      field("exportFromTime", iso8601_ms(plan.export_from_ms));
      field("exportToTime", iso8601_ms(plan.export_to_ms));
    } else {
      field("exportTime", iso8601_ms(plan.export_time_ms));
    }
    field("s3Bucket", plan.s3_bucket);
    out.Key("s3Prefix");
    if (plan.s3_prefix.empty()) out.Null();
    else out.String(plan.s3_prefix);
    field("s3SseAlgorithm", plan.sse_algorithm);
    out.Key("s3SseKmsKeyId");
    if (plan.sse_kms_key_id.empty()) out.Null();
    else out.String(plan.sse_kms_key_id);
    field("manifestFilesS3Key", files_key);
    out.Key("billedSizeBytes");
    out.Int64(result.billed_size_bytes);
    out.Key("itemCount");
    out.Int64(result.item_count);
    field("outputFormat", plan.format);
    if (incremental) field("outputView", plan.view_type);
    field("exportType", incremental ? "INCREMENTAL_EXPORT" : "FULL_EXPORT");
    out.EndObject();
  });
  write_file(plan.bucket_dir, result.manifest_summary_key, summary);
  write_checksum(plan.bucket_dir, result.manifest_summary_key, summary);
  return result;
}

void write_json_change(const ExportedChange& change, bool with_old_image, std::string& out) {
  out += "{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"";
  out += std::to_string(change.write_time_ms * 1000);
  out += "\"}},\"Keys\":";
  out += change.keys;
  if (change.new_image) {
    out += ",\"NewImage\":";
    out += *change.new_image;
  }
  if (with_old_image && change.old_image) {
    out += ",\"OldImage\":";
    out += *change.old_image;
  }
  out.push_back('}');
}

void write_ion_change(const ExportedChange& change, bool with_old_image, std::string& out) {
  out += "{Metadata:{WriteTimestampMicros:";
  out += std::to_string(change.write_time_ms * 1000);
  out += "},Keys:";
  write_ion_struct(model::item_from_json(change.keys), out);
  if (change.new_image) {
    out += ",NewImage:";
    write_ion_struct(model::item_from_json(*change.new_image), out);
  }
  if (with_old_image && change.old_image) {
    out += ",OldImage:";
    write_ion_struct(model::item_from_json(*change.old_image), out);
  }
  out.push_back('}');
}

}  // namespace

ExportResult write_export(const ExportPlan& plan, int64_t end_ms, const ExportItems& items) {
  const std::string folder = export_folder_key(plan.s3_prefix, plan.export_id);
  write_file(plan.bucket_dir, folder + "/_started", "");

  const bool ion = plan.format == "ION";
  DataText data;
  if (ion) data.text = "$ion_1_0 ";
  items([&](const std::string& item_json, int64_t size) {
    if (ion) {
      write_ion_item(model::item_from_json(item_json), data.text);
    } else {
      data.text += "{\"Item\":";
      data.text += item_json;
      data.text.push_back('}');
    }
    data.text.push_back('\n');
    ++data.result.item_count;
    data.result.billed_size_bytes += size;
  });
  return finish_export(plan, end_ms, folder, folder + "/data", false, std::move(data));
}

ExportResult write_incremental_export(const ExportPlan& plan, int64_t end_ms, const ExportChanges& changes) {
  const std::string folder = export_folder_key(plan.s3_prefix, plan.export_id);
  write_file(plan.bucket_dir, folder + "/_started", "");

  const bool ion = plan.format == "ION";
  const bool with_old_image = plan.view_type == "NEW_AND_OLD_IMAGES";
  DataText data;
  if (ion) data.text = "$ion_1_0 ";
  changes([&](const ExportedChange& change) {
    if (ion) write_ion_change(change, with_old_image, data.text);
    else write_json_change(change, with_old_image, data.text);
    data.text.push_back('\n');
    ++data.result.item_count;
    // Billed on the change data read: the images the line carries (keys are part of each).
    int64_t size = 0;
    if (change.new_image) size += static_cast<int64_t>(model::item_size(model::item_from_json(*change.new_image)));
    if (change.old_image) size += static_cast<int64_t>(model::item_size(model::item_from_json(*change.old_image)));
    data.result.billed_size_bytes += size;
  });
  // Incremental exports share one data folder beside their export folders.
  std::string shared = plan.s3_prefix;
  if (!shared.empty() && shared.back() != '/') shared.push_back('/');
  return finish_export(plan, end_ms, folder, shared + "AWSDynamoDB/data", true, std::move(data));
}

std::vector<SourceFile> source_files(const std::filesystem::path& bucket_dir, const std::string& key_prefix) {
  std::vector<SourceFile> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(bucket_dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string key = std::filesystem::relative(it->path(), bucket_dir, ec).generic_string();
    if (ec || key.rfind(key_prefix, 0) != 0) continue;
    files.push_back({key, it->path()});
  }
  std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) { return a.key < b.key; });
  return files;
}

}  // namespace dynemu::transfer
