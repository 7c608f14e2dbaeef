// clusprop against its peers on the same logical data: N properties, each a 16-character ASCII
// name and one DWORD value (N = 10, 1000, 100000). Each peer's encoding is built once, outside
// the timed loops. Bytes processed are the size of each peer's own encoding.
//
//   bazel run -c opt //bench:peers_benchmark -- --benchmark_repetitions=5
//
// The ratios that matter are computed by bench/make_results.py within each of three runs, and
// judged on their median (./dev bench).

#include <libmnl/libmnl.h>

#include <cctype>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "bench/property_list.pb.h"
#include "bench/property_list_generated.h"
#include "benchmark/benchmark.h"
#include "clusprop/cursor.h"
#include "clusprop/internal/endian.h"
#include "clusprop/json_output.h"
#include "clusprop/lookup.h"
#include "clusprop/reader.h"
#include "clusprop/text_output.h"
#include "clusprop/writer.h"
#include "cluster/cluster.h"
#include "google/protobuf/util/json_util.h"
#include "offline/instruction.h"
#include "offline/policy.h"
#include "simdjson.h"

namespace clusprop {
namespace {

// ---- The corpus, once per N ----------------------------------------------------------------

std::string NameOf(int i) { return absl::StrFormat("Property%08d", i); }  // 16 characters

struct Corpus {
  std::vector<std::string> names;
  std::vector<uint32_t> values;
  std::vector<uint8_t> clusprop;
  std::vector<uint8_t> flatbuffers;
  std::string protobuf;
  std::vector<uint8_t> mnl;
  std::string json;  // padded for simdjson
  size_t json_size = 0;
};

void BuildMnl(Corpus* c) {
  // One netlink message holding a nested attribute per property (name: NUL string, value: u32).
  // No outer nest: an attribute's 16-bit length could not hold 100,000 properties.
  c->mnl.assign(64 + c->names.size() * 48, 0);
  nlmsghdr* header = mnl_nlmsg_put_header(c->mnl.data());
  for (size_t i = 0; i < c->names.size(); ++i) {
    nlattr* property = mnl_attr_nest_start(header, 1);
    mnl_attr_put_strz(header, 1, c->names[i].c_str());
    mnl_attr_put_u32(header, 2, c->values[i]);
    mnl_attr_nest_end(header, property);
  }
  c->mnl.resize(header->nlmsg_len);
}

const Corpus& CorpusOf(int n) {
  static auto* corpora = new std::map<int, Corpus>();
  auto it = corpora->find(n);
  if (it != corpora->end()) return it->second;
  Corpus& c = (*corpora)[n];
  for (int i = 0; i < n; ++i) {
    c.names.push_back(NameOf(i));
    c.values.push_back(static_cast<uint32_t>(i * 2654435761u));
  }
  PropertyListWriter writer;
  for (int i = 0; i < n; ++i) writer.BeginProperty(c.names[i]).AddDword(c.values[i]);
  absl::Span<const uint8_t> bytes = *writer.Finish();
  c.clusprop.assign(bytes.begin(), bytes.end());

  flatbuffers::FlatBufferBuilder fbb;
  std::vector<flatbuffers::Offset<clusprop_bench::fb::Property>> properties;
  for (int i = 0; i < n; ++i) {
    properties.push_back(
        clusprop_bench::fb::CreateProperty(fbb, fbb.CreateString(c.names[i]), c.values[i]));
  }
  fbb.Finish(clusprop_bench::fb::CreatePropertyList(fbb, fbb.CreateVector(properties)));
  c.flatbuffers.assign(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());

  clusprop_bench::pb::PropertyList message;
  for (int i = 0; i < n; ++i) {
    clusprop_bench::pb::Property* p = message.add_properties();
    p->set_name(c.names[i]);
    p->set_value(c.values[i]);
  }
  message.SerializeToString(&c.protobuf);

  BuildMnl(&c);

  c.json = "{\"properties\":[";
  for (int i = 0; i < n; ++i) {
    absl::StrAppendFormat(&c.json, "%s{\"name\":\"%s\",\"value\":%u}", i ? "," : "", c.names[i],
                          c.values[i]);
  }
  c.json += "]}";
  c.json_size = c.json.size();
  c.json.append(simdjson::SIMDJSON_PADDING, ' ');
  return c;
}

void SetCounters(benchmark::State& state, size_t bytes) {
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}

// ---- clusprop -------------------------------------------------------------------------------

// The reference limit: walk the headers without a single check, summing the DWORDs.
void BM_BareWalk(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  const uint8_t* p = c.clusprop.data();
  for (auto _ : state) {
    uint32_t count = internal::LoadLE32(p);
    size_t pos = 4;
    uint32_t sum = 0;
    for (uint32_t i = 0; i < count; ++i) {
      pos += kValueHeaderSize + AlignUp(internal::LoadLE32(p + pos + 4));  // NAME
      while (internal::LoadLE32(p + pos) != 0) {
        sum += internal::LoadLE32(p + pos + kValueHeaderSize);
        pos += kValueHeaderSize + AlignUp(internal::LoadLE32(p + pos + 4));
      }
      pos += kEndmarkSize;
    }
    benchmark::DoNotOptimize(sum);
  }
  SetCounters(state, c.clusprop.size());
}

void BM_CluspropValidate(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(ValidatePropertyList(c.clusprop));
  SetCounters(state, c.clusprop.size());
}

// Validate, iterate and read every DWORD in one pass (PropertyListCursor).
void BM_CluspropValidateIterate(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    PropertyListCursor cursor(c.clusprop);
    uint32_t sum = 0;
    while (cursor.Next()) sum += *cursor.first_value().AsDword();
    if (!cursor.status().ok()) state.SkipWithError("invalid list");
    benchmark::DoNotOptimize(sum);
  }
  SetCounters(state, c.clusprop.size());
}

// The same in two passes: PropertyListReader::Open validates, then the loop iterates.
void BM_CluspropOpenThenIterate(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(c.clusprop);
    uint32_t sum = 0;
    for (PropertyView property : *list) sum += *property.first_value().AsDword();
    benchmark::DoNotOptimize(sum);
  }
  SetCounters(state, c.clusprop.size());
}

void BM_CluspropStrictValidate(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(ValidatePropertyList(c.clusprop, {.strict = true}));
  }
  SetCounters(state, c.clusprop.size());
}

void BM_CluspropFind(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  PropertyListReader list = *PropertyListReader::Open(c.clusprop);
  const std::string& last = c.names.back();
  for (auto _ : state) benchmark::DoNotOptimize(FindDwordProperty(list, last));
  SetCounters(state, c.clusprop.size());
}

// The naive alternative Find is compared with: convert each name to UTF-8, then compare.
void BM_FindByUtf8Conversion(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  PropertyListReader list = *PropertyListReader::Open(c.clusprop);
  std::string last = c.names.back();
  for (char& ch : last) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (auto _ : state) {
    uint32_t found = 0;
    for (PropertyView property : list) {
      std::string name = property.name().ToUtf8();
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (name == last) {
        found = *property.first_value().AsDword();
        break;
      }
    }
    benchmark::DoNotOptimize(found);
  }
  SetCounters(state, c.clusprop.size());
}

void BM_CluspropWrite(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  PropertyListWriter writer;
  for (auto _ : state) {
    writer.Clear();
    for (size_t i = 0; i < c.names.size(); ++i) {
      writer.BeginProperty(c.names[i]).AddDword(c.values[i]);
    }
    benchmark::DoNotOptimize(writer.Finish());
  }
  SetCounters(state, c.clusprop.size());
}

// The same list from names encoded once (EncodedName), as a resource DLL answering
// GET_PRIVATE_PROPERTIES writes its table's names again and again: `write` adds them all.
template <typename Write>
void WriteEncodedNames(benchmark::State& state, Write write) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  std::vector<EncodedName> names;
  for (const std::string& name : c.names) names.push_back(*EncodedName::FromUtf8(name));
  PropertyListWriter writer;
  for (auto _ : state) {
    writer.Clear();
    write(writer, names, c.values);
    benchmark::DoNotOptimize(writer.Finish());
  }
  SetCounters(state, c.clusprop.size());
}

// The whole table in one call.
void BM_CluspropWritePreencoded(benchmark::State& state) {
  WriteEncodedNames(
      state, [](PropertyListWriter& writer, const std::vector<EncodedName>& names,
                const std::vector<uint32_t>& values) { writer.AddDwordProperties(names, values); });
}

// A property at a time.
void BM_CluspropWritePreencodedEach(benchmark::State& state) {
  WriteEncodedNames(state, [](PropertyListWriter& writer, const std::vector<EncodedName>& names,
                              const std::vector<uint32_t>& values) {
    for (size_t i = 0; i < names.size(); ++i) writer.AddDwordProperty(names[i], values[i]);
  });
}

// The floor for writing a list: copying its finished bytes.
void BM_MemcpyList(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  std::vector<uint8_t> out(c.clusprop.size());
  for (auto _ : state) {
    std::memcpy(out.data(), c.clusprop.data(), c.clusprop.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, c.clusprop.size());
}

// ---- Peers ----------------------------------------------------------------------------------

void BM_FlatBuffersVerifyRead(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    flatbuffers::Verifier verifier(c.flatbuffers.data(), c.flatbuffers.size());
    bool ok = clusprop_bench::fb::VerifyPropertyListBuffer(verifier);
    uint32_t sum = 0;
    for (const clusprop_bench::fb::Property* p :
         *clusprop_bench::fb::GetPropertyList(c.flatbuffers.data())->properties()) {
      sum += p->value();
    }
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(sum);
  }
  SetCounters(state, c.flatbuffers.size());
}

struct MnlSum {
  uint32_t sum = 0;
  bool ok = true;
};

int MnlPropertyAttribute(const nlattr* attr, void* data) {
  MnlSum* result = static_cast<MnlSum*>(data);
  switch (mnl_attr_get_type(attr)) {
    case 1:
      if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0) result->ok = false;
      break;
    case 2:
      if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
        result->ok = false;
      } else {
        result->sum += mnl_attr_get_u32(attr);
      }
      break;
  }
  return MNL_CB_OK;
}

int MnlListAttribute(const nlattr* attr, void* data) {
  if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0) return MNL_CB_ERROR;
  return mnl_attr_parse_nested(attr, MnlPropertyAttribute, data);
}

void BM_MnlParseValidate(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const nlmsghdr* header = reinterpret_cast<const nlmsghdr*>(c.mnl.data());
    MnlSum result;
    int status = mnl_attr_parse(header, 0, MnlListAttribute, &result);
    if (status != MNL_CB_OK || !result.ok) state.SkipWithError("libmnl rejected its own data");
    benchmark::DoNotOptimize(result);
  }
  SetCounters(state, c.mnl.size());
}

void BM_ProtobufParse(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  clusprop_bench::pb::PropertyList message;  // reused, as a careful caller would
  for (auto _ : state) {
    bool ok = message.ParseFromArray(c.protobuf.data(), static_cast<int>(c.protobuf.size()));
    uint32_t sum = 0;
    for (const clusprop_bench::pb::Property& p : message.properties()) sum += p.value();
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(sum);
  }
  SetCounters(state, c.protobuf.size());
}

void BM_ProtobufSerialize(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  clusprop_bench::pb::PropertyList message;
  message.ParseFromString(c.protobuf);
  std::string out;
  for (auto _ : state) {
    message.SerializeToString(&out);
    benchmark::DoNotOptimize(out.data());
  }
  SetCounters(state, c.protobuf.size());
}

// Bytes → JSON text: validate the list, then write its JSON (the tool's layout, two-space
// indent) into a string reused across iterations.
void BM_DecodeToJson(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  std::string text;
  for (auto _ : state) {
    text.clear();
    absl::StatusOr<PropertyListReader> list = PropertyListReader::Open(c.clusprop);
    TextOutput out(AppendTo(&text));
    WriteJson(*list, &out);
    benchmark::DoNotOptimize(out.Flush().ok());
    benchmark::DoNotOptimize(text.data());
  }
  SetCounters(state, c.clusprop.size());
}

// The same for protobuf: parse the bytes into a (reused) message, then MessageToJsonString.
void BM_ProtobufToJson(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  clusprop_bench::pb::PropertyList message;
  std::string text;
  for (auto _ : state) {
    text.clear();
    bool ok = message.ParseFromArray(c.protobuf.data(), static_cast<int>(c.protobuf.size()));
    ok = ok && google::protobuf::util::MessageToJsonString(message, &text).ok();
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(text.data());
  }
  SetCounters(state, c.protobuf.size());
}

void BM_SimdjsonParse(benchmark::State& state) {
  const Corpus& c = CorpusOf(static_cast<int>(state.range(0)));
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element root;
    if (parser.parse(c.json.data(), c.json_size, false).get(root)) {
      state.SkipWithError("simdjson parse failed");
      break;
    }
    uint64_t sum = 0;
    for (simdjson::dom::element p : root["properties"].get_array()) {
      sum += p["value"].get_uint64().value_unsafe();
    }
    benchmark::DoNotOptimize(sum);
  }
  SetCounters(state, c.json_size);
}

// ---- Large values and the offline check ------------------------------------------------------

constexpr size_t kLarge = 1 << 20;

void BM_CluspropWriteLarge(benchmark::State& state) {
  std::vector<uint8_t> blob(kLarge, 0x5A);
  PropertyListWriter writer;
  for (auto _ : state) {
    writer.Clear();
    writer.BeginProperty("Blob").AddBinary(blob);
    benchmark::DoNotOptimize(writer.Finish());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kLarge));
}

void BM_Memcpy(benchmark::State& state) {
  std::vector<uint8_t> blob(kLarge, 0x5A);
  std::vector<uint8_t> out(kLarge);
  for (auto _ : state) {
    std::memcpy(out.data(), blob.data(), kLarge);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kLarge));
}

void BM_OfflineCheck(benchmark::State& state) {
  PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("Virtual Machine").AddDword(1);
  absl::Span<const uint8_t> bytes = *writer.Finish();
  std::vector<uint8_t> save(bytes.begin(), bytes.end());
  const offline::OfflinePolicy policy = offline::OfflinePolicy::Strict();
  const offline::InstructionDecoder* vm = offline::VirtualMachineDecoder().get();
  offline::OfflineRequest request;
  request.in_buffer = save.data();
  request.in_buffer_size = static_cast<uint32_t>(save.size());
  const offline::ResourceFacts facts;
  for (auto _ : state) {
    offline::OfflineDecision decision = offline::DecideOffline(request, facts, vm, policy);
    benchmark::DoNotOptimize(decision.code);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(save.size()));
}

// The floor for the offline decision: one validating pass over the same 60-byte Save buffer,
// reading its one DWORD (what any decision has to do with the buffer).
void BM_ValidateIterateSaveBuffer(benchmark::State& state) {
  PropertyListWriter writer(WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("Virtual Machine").AddDword(1);
  absl::Span<const uint8_t> bytes = *writer.Finish();
  std::vector<uint8_t> save(bytes.begin(), bytes.end());
  for (auto _ : state) {
    PropertyListCursor cursor(save);
    uint32_t sum = 0;
    while (cursor.Next()) sum += *cursor.first_value().AsDword();
    if (!cursor.status().ok()) state.SkipWithError("invalid list");
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(save.size()));
}

// ---- The embedded cluster: taking a resource and everything that depends on it offline -----

// Goes offline and online at once; the benchmarks measure the cluster, not a handler.
class ImmediateHandler : public cluster::ResourceTypeHandler {
 public:
  uint32_t Offline(const cluster::OfflineContext&) override { return 0; }
};

// N resources; `shape` gives the dependencies of resource i. Offline of R0 (which every other
// resource depends on) and the worker's whole job, then (untimed) everything back online.
template <typename Shape>
void ClusterOffline(benchmark::State& state, Shape shape, const std::string& last) {
  const int n = static_cast<int>(state.range(0));
  cluster::Cluster cluster;
  (void)cluster.AddResourceType("t", std::make_shared<ImmediateHandler>());
  for (int i = 0; i < n; ++i) {
    cluster::ResourceSpec spec{.name = "R" + std::to_string(i), .type = "t"};
    if (i > 0) spec.dependencies = {shape(i)};
    (void)cluster.AddResource(spec);
  }
  for (auto _ : state) {
    if (cluster.Offline("R0") != 997) state.SkipWithError("offline not accepted");
    cluster.WaitIdle();
    state.PauseTiming();
    for (int i = n - 1; i >= 0; i -= (last.empty() ? 1 : n)) {  // fan-out: each dependent
      if (cluster.Online(last.empty() ? "R" + std::to_string(i) : last) != 0) {
        state.SkipWithError("online failed");
      }
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

// R0 <- R1 <- ... <- R(n-1).
void BM_ClusterOfflineChain(benchmark::State& state) {
  ClusterOffline(
      state, [](int i) { return "R" + std::to_string(i - 1); },
      "R" + std::to_string(state.range(0) - 1));
}

// R0 <- R1, R0 <- R2, ..., R0 <- R(n-1).
void BM_ClusterOfflineFanOut(benchmark::State& state) {
  ClusterOffline(
      state, [](int) { return std::string("R0"); }, "");
}

#define CORPUS_SIZES Arg(10)->Arg(1000)->Arg(100000)
BENCHMARK(BM_BareWalk)->CORPUS_SIZES;
BENCHMARK(BM_CluspropValidate)->CORPUS_SIZES;
BENCHMARK(BM_CluspropValidateIterate)->CORPUS_SIZES;
BENCHMARK(BM_CluspropOpenThenIterate)->CORPUS_SIZES;
BENCHMARK(BM_CluspropStrictValidate)->CORPUS_SIZES;
BENCHMARK(BM_CluspropFind)->CORPUS_SIZES;
BENCHMARK(BM_FindByUtf8Conversion)->CORPUS_SIZES;
BENCHMARK(BM_CluspropWrite)->CORPUS_SIZES;
BENCHMARK(BM_CluspropWritePreencoded)->CORPUS_SIZES;
BENCHMARK(BM_CluspropWritePreencodedEach)->CORPUS_SIZES;
BENCHMARK(BM_MemcpyList)->CORPUS_SIZES;
BENCHMARK(BM_FlatBuffersVerifyRead)->CORPUS_SIZES;
BENCHMARK(BM_MnlParseValidate)->CORPUS_SIZES;
BENCHMARK(BM_ProtobufParse)->CORPUS_SIZES;
BENCHMARK(BM_ProtobufSerialize)->CORPUS_SIZES;
BENCHMARK(BM_SimdjsonParse)->CORPUS_SIZES;
BENCHMARK(BM_DecodeToJson)->CORPUS_SIZES;
BENCHMARK(BM_ProtobufToJson)->CORPUS_SIZES;
BENCHMARK(BM_CluspropWriteLarge);
BENCHMARK(BM_Memcpy);
BENCHMARK(BM_OfflineCheck);
BENCHMARK(BM_ValidateIterateSaveBuffer);
BENCHMARK(BM_ClusterOfflineChain)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_ClusterOfflineFanOut)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace clusprop
