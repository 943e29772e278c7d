// The parse-only floor of bench/match_side_by_side.py: what reading a JSON
// Lines stream of alerts costs with simdjson and nothing else.
//
//   simdjson_floor dom|ondemand FILE.jsonl
//
// dom:      parses every line into a DOM (the whole document is validated
//           and materialised on the parser's tape), counts the top-level
//           fields of each object.
// ondemand: iterates every line with On Demand, reads "Severity" as a
//           string and counts the top-level fields (which walks past every
//           value, so the whole document is read, but nothing is built).
//
// Prints one JSON line: {"mode", "lines", "fields", "errors", "bytes",
// "seconds", "cpu_seconds"}: the wall and the CPU time of the loop (reading
// the file included, start-up excluded).  Exit status 2 on bad usage or an unreadable
// file; malformed lines are counted, never fatal.
#include <simdjson.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>

namespace {

struct Counts {
  uint64_t lines = 0;
  uint64_t fields = 0;
  uint64_t errors = 0;
  uint64_t bytes = 0;
  uint64_t severity_chars = 0;  // keeps the On Demand string read alive
};

// Gives `line` the SIMDJSON_PADDING bytes of slack the parsers read past
// the end, without copying it.
void pad(std::string& line) {
  if (line.capacity() < line.size() + simdjson::SIMDJSON_PADDING) line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
}

void dom_line(simdjson::dom::parser& parser, std::string& line, Counts& c) {
  pad(line);
  simdjson::dom::element doc;
  if (parser.parse(line.data(), line.size(), false).get(doc) != simdjson::SUCCESS) {
    ++c.errors;
    return;
  }
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) == simdjson::SUCCESS) c.fields += obj.size();
}

void ondemand_line(simdjson::ondemand::parser& parser, std::string& line, Counts& c) {
  pad(line);
  simdjson::ondemand::document doc;
  if (parser.iterate(line.data(), line.size(), line.capacity()).get(doc) != simdjson::SUCCESS) {
    ++c.errors;
    return;
  }
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) {
    ++c.errors;
    return;
  }
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) {
      ++c.errors;
      return;
    }
    ++c.fields;
    if (key == "Severity") {
      std::string_view sev;
      if (field.value().get_string().get(sev) == simdjson::SUCCESS) c.severity_chars += sev.size();
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "dom") != 0 && std::strcmp(argv[1], "ondemand") != 0)) {
    std::fprintf(stderr, "usage: simdjson_floor dom|ondemand FILE.jsonl\n");
    return 2;
  }
  const bool dom = std::strcmp(argv[1], "dom") == 0;
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "simdjson_floor: cannot open %s\n", argv[2]);
    return 2;
  }
  simdjson::dom::parser dom_parser;
  simdjson::ondemand::parser od_parser;
  Counts c;
  std::string line;
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  while (std::getline(in, line)) {
    c.bytes += line.size() + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++c.lines;
    if (dom) {
      dom_line(dom_parser, line, c);
    } else {
      ondemand_line(od_parser, line, c);
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::printf("{\"mode\": \"%s\", \"lines\": %llu, \"fields\": %llu, \"errors\": %llu, \"bytes\": %llu, \"seconds\": %.6f, \"cpu_seconds\": %.6f}\n",
              argv[1], static_cast<unsigned long long>(c.lines), static_cast<unsigned long long>(c.fields),
              static_cast<unsigned long long>(c.errors), static_cast<unsigned long long>(c.bytes), seconds, cpu_seconds);
  return 0;
}
