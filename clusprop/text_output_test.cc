#include "clusprop/text_output.h"

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace clusprop {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A sink that records each chunk it is handed; from chunk number `fail_at` on (0-based) it
// refuses with DATA_LOSS and records nothing.
struct RecordingSink {
  std::vector<std::string> chunks;
  int calls = 0;
  int fail_at = -1;

  TextOutput::Sink sink() {
    return [this](std::string_view chunk) {
      const int call = calls++;
      if (fail_at >= 0 && call >= fail_at) return absl::DataLossError("disk full");
      chunks.emplace_back(chunk);
      return absl::OkStatus();
    };
  }
};

TEST(TextOutputTest, ChunksHoldAtMostChunkSizeBytesInOrder) {
  RecordingSink recorded;
  TextOutput out(recorded.sink(), 4);
  out.Append("ab");
  out.Append('c');
  out.Append('d');  // exactly full: stays buffered
  EXPECT_THAT(recorded.chunks, IsEmpty());
  out.Append('e');  // no room: the full chunk goes first
  EXPECT_THAT(recorded.chunks, ElementsAre("abcd"));
  out.Append("fgh");  // fills the buffer exactly
  EXPECT_THAT(recorded.chunks, ElementsAre("abcd"));
  out.Append("ij");
  EXPECT_THAT(recorded.chunks, ElementsAre("abcd", "efgh"));
  EXPECT_TRUE(out.Flush().ok());
  EXPECT_THAT(recorded.chunks, ElementsAre("abcd", "efgh", "ij"));
  // Nothing buffered: no empty chunk.
  EXPECT_TRUE(out.Flush().ok());
  EXPECT_EQ(recorded.calls, 3);
}

TEST(TextOutputTest, TextOfAChunkOrLessIsBufferedLongerTextGoesAsItIs) {
  RecordingSink recorded;
  TextOutput out(recorded.sink(), 4);
  out.Append("ab");
  out.Append("cdef");  // exactly a chunk, not room for it: what was buffered goes first
  EXPECT_THAT(recorded.chunks, ElementsAre("ab"));
  out.Append("ghijk");  // longer than a chunk: after what was buffered, as it is
  EXPECT_THAT(recorded.chunks, ElementsAre("ab", "cdef", "ghijk"));
  out.Append("lm");
  EXPECT_TRUE(out.Flush().ok());
  EXPECT_THAT(recorded.chunks, ElementsAre("ab", "cdef", "ghijk", "lm"));
}

TEST(TextOutputTest, ChunkSizeZeroMeansOneByteChunks) {
  RecordingSink recorded;
  TextOutput out(recorded.sink(), 0);
  out.Append('x');
  out.Append('y');
  out.Append("z");
  EXPECT_TRUE(out.Flush().ok());
  EXPECT_THAT(recorded.chunks, ElementsAre("x", "y", "z"));
}

TEST(TextOutputTest, ReserveGrowsTheBufferOnlyForMoreThanAChunk) {
  RecordingSink recorded;
  TextOutput out(recorded.sink(), 4);
  out.Append("ab");
  char* at = out.Reserve(4);  // a chunk: what was buffered goes first
  EXPECT_THAT(recorded.chunks, ElementsAre("ab"));
  std::memcpy(at, "cdef", 4);
  out.Commit(at + 4);
  at = out.Reserve(6);  // more than a chunk: one chunk of 6 from now on
  EXPECT_THAT(recorded.chunks, ElementsAre("ab", "cdef"));
  std::memcpy(at, "ghijkl", 6);
  out.Commit(at + 6);
  out.AppendRepeated('-', 3);
  EXPECT_THAT(recorded.chunks, ElementsAre("ab", "cdef", "ghijkl"));
  out.Append("mno");  // fills the grown buffer exactly
  out.Append('p');
  EXPECT_TRUE(out.Flush().ok());
  EXPECT_THAT(recorded.chunks, ElementsAre("ab", "cdef", "ghijkl", "---mno", "p"));
}

TEST(TextOutputTest, TheFirstSinkErrorStopsEveryLaterWrite) {
  RecordingSink recorded;
  recorded.fail_at = 1;
  TextOutput out(recorded.sink(), 4);
  out.Append("abcd");
  out.Append("efgh");  // "abcd" goes
  out.Append("ijkl");  // "efgh" is refused
  EXPECT_EQ(out.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(recorded.calls, 2);
  out.Append("a text longer than a chunk");
  out.Append('x');
  out.AppendRepeated('y', 9);
  absl::Status flushed = out.Flush();
  EXPECT_EQ(flushed.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(flushed.message(), "disk full");
  EXPECT_EQ(recorded.calls, 2);  // the sink never saw anything after its error
  EXPECT_THAT(recorded.chunks, ElementsAre("abcd"));
}

TEST(TextOutputTest, AppendToCollectsEverything) {
  std::string text;
  TextOutput out(AppendTo(&text), 3);
  out.Append("hello, ");
  out.Append("world");
  EXPECT_TRUE(out.Flush().ok());
  EXPECT_EQ(text, "hello, world");
}

}  // namespace
}  // namespace clusprop
