// store/sqlite/: the engine-launch part of Tx -- instances, algorithm texts,
// approvals, the response history and playbook launch counts: every field
// through a real file (and into the column of its name), updates, the list
// filters and paging against a model of them, the approval timers, the
// history upsert that keeps its seq, the foreign keys, and writes that roll
// back.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "tests/unit/store_sqlite/temp_store.h"

namespace riposte::store::sqlite {
namespace {

using test::RawDb;
using test::TempDir;

// Every field of each row, so that EXPECT_EQ compares (and prints) them all.
auto fields(const InstanceRow& r) {
  return std::tie(r.id, r.playbook, r.playbook_name, r.tenant, r.kind, r.object, r.status, r.launched_by,
                  r.approver, r.approval_time, r.created_at, r.start, r.end, r.due_at, r.waiting_for,
                  r.algorithm, r.input, r.state, r.journal, r.error, r.seq);
}
auto fields(const ApprovalRow& r) {
  return std::tie(r.id, r.kind, r.instance, r.playbook, r.tenant, r.object_kind, r.object, r.step, r.group,
                  r.action, r.params, r.assets, r.decisions, r.requested_at, r.due_at, r.email_at, r.status,
                  r.decided_by, r.decided_at, r.seq);
}
auto fields(const HistoryRow& r) {
  return std::tie(r.id, r.instance, r.playbook, r.tenant, r.kind, r.name, r.step, r.params, r.start, r.end,
                  r.object_kind, r.object, r.launched_by, r.approver, r.approval_time, r.status, r.assets,
                  r.asset_type, r.seq);
}

// "2026-07-01T00:MM:SS.000Z" for second `i` of the day's first hour.
std::string at(int i) {
  char text[32];
  std::snprintf(text, sizeof text, "2026-07-01T00:%02d:%02d.000Z", i / 60 % 60, i % 60);
  return text;
}

std::string big_text(size_t bytes) {
  std::string s = R"({"pc":[3,1,4],"vars":{"ünïcödé":"✓ 🚀","blob":")";
  while (s.size() + 3 < bytes) s += "0123456789abcdef";
  return s + "\"}}";
}

// Tenants t-root, t-a, t-b; users u-1, u-2; playbooks p-1 (t-a), p-2
// (t-b), p-3 (t-root); alerts o-0 .. o-4 and incident inc-1 (t-a).
class LaunchStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("riposte.db");
    store_ = open(path_);
    write([](Tx& tx) {
      tx.insert_tenant({"t-root", "Root", "", "2026-01-01T00:00:00.000Z"});
      tx.insert_tenant({"t-a", "Tenant A", "t-root", "2026-01-01T00:00:01.000Z"});
      tx.insert_tenant({"t-b", "Tenant B", "t-root", "2026-01-01T00:00:02.000Z"});
      tx.insert_user({"u-1", "Ann", "ann@example.com", {}, "2026-01-01T00:00:03.000Z"});
      tx.insert_user({"u-2", "Bob", "bob@example.com", {}, "2026-01-01T00:00:04.000Z"});
      const char* playbook_tenants[] = {"t-a", "t-b", "t-root"};
      for (int i = 0; i < 3; ++i) {
        PlaybookRow p;
        p.id = "p-" + std::to_string(i + 1);
        p.tenant = playbook_tenants[i];
        p.name = "Playbook " + std::to_string(i + 1);
        p.description = "d";
        p.mode = "auto";
        p.launching_rule = "queue";
        p.algorithm = "{}";
        p.launches = 42;
        p.created_at = p.updated_at = "2026-01-02T00:00:00.000Z";
        p.created_by = p.updated_by = "u-1";
        tx.insert_playbook(p);
      }
      const char* object_tenants[] = {"t-a", "t-b", "t-root", "t-a", "t-b"};
      for (int i = 0; i < 5; ++i) {
        ObjectRow o{ObjectKind::Alert,
                    "o-" + std::to_string(i),
                    i + 1,
                    object_tenants[i],
                    "new",
                    "low",
                    "2026-01-03T00:00:00.000Z",
                    "2026-01-03T00:00:00.000Z",
                    "{}",
                    0};
        tx.insert_object(o);
      }
      ObjectRow inc{ObjectKind::Incident,       "inc-1", 1, "t-a", "open", "high", "2026-01-03T00:00:00.000Z",
                    "2026-01-03T00:00:00.000Z", "{}",    0};
      tx.insert_object(inc);
    });
  }
  void TearDown() override { store_.reset(); }

  void write(const std::function<void(Tx&)>& body) {
    store_->write([&](Tx& tx) {
      body(tx);
      return true;
    });
  }
  template <typename F>
  auto read(F f) {
    decltype(f(std::declval<Tx&>())) out{};
    store_->read([&](Tx& tx) { out = f(tx); });
    return out;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

// Every string field a value of its own (and none equal to another
// field's), so that a swapped column or binding shows.
InstanceRow full_instance() {
  InstanceRow r;
  r.id = "i-full";
  r.playbook = "p-1";
  r.playbook_name = "Isolate host ✓ (as launched)";
  r.tenant = "t-a";
  r.kind = ObjectKind::Incident;
  r.object = "inc-1";
  r.status = "InProgress";
  r.launched_by = "u-1";
  r.approver = "u-2";
  r.approval_time = "2026-07-01T10:00:01.000Z";
  r.created_at = "2026-07-01T10:00:00.000Z";
  r.start = "2026-07-01T10:00:02.000Z";
  r.end = "2026-07-01T10:00:03.000Z";
  r.due_at = "2026-07-01T10:00:04.000Z";
  r.waiting_for = "i-before";
  r.algorithm = std::string(64, 'a');
  r.input = R"({"observables":["10.0.0.1"],"assets":["host-1"]})";
  r.state = big_text(100 * 1024);  // over a 64 KiB page: overflow pages
  r.journal = R"([{"step":"$.steps[0]","at":"2026-07-01T10:00:02.500Z","quote":"\" \\ \n"}])";
  r.error = "step 3: host unreachable";
  return r;
}

// Another value in every field (but id), each still distinct.
InstanceRow changed_instance() {
  InstanceRow r;
  r.id = "i-full";
  r.playbook = "p-2";
  r.playbook_name = "Renamed";
  r.tenant = "t-b";
  r.kind = ObjectKind::Alert;
  r.object = "o-1";
  r.status = "Failed";
  r.launched_by = "u-2";
  r.approver = "u-1";
  r.approval_time = "2026-08-01T10:00:01.000Z";
  r.created_at = "2026-08-01T10:00:00.000Z";
  r.start = "2026-08-01T10:00:02.000Z";
  r.end = "2026-08-01T10:00:03.000Z";
  r.due_at = "2026-08-01T10:00:04.000Z";
  r.waiting_for = "";
  r.algorithm = std::string(64, 'b');
  r.input = "null";
  r.state = R"({"pc":9})";
  r.journal = "";
  r.error = "terminated by u-2";
  return r;
}

ApprovalRow full_approval() {
  ApprovalRow r;
  r.id = "ap-full";
  r.kind = "action";
  r.instance = "i-full";
  r.playbook = "p-1";
  r.tenant = "t-a";
  r.object_kind = ObjectKind::Incident;
  r.object = "inc-1";
  r.step = "$.steps[2].branches[0]";
  r.group = "call-7";
  r.action = "isolateHost";
  r.params = R"({"host":"h-1","token":"***"})";
  r.assets = R"(["asset-1","asset-2"])";
  r.decisions = R"({"asset-1":{"decision":"approve","user":"u-1","at":"2026-07-01T10:05:00.000Z"}})";
  r.requested_at = "2026-07-01T10:01:00.000Z";
  r.due_at = "2026-07-02T10:01:00.000Z";
  r.email_at = "2026-07-01T10:11:00.000Z";
  r.status = "Partial";
  r.decided_by = "u-2";
  r.decided_at = "2026-07-01T10:06:00.000Z";
  return r;
}

HistoryRow full_history() {
  HistoryRow r;
  r.id = "i-full/3";
  r.instance = "i-full";
  r.playbook = "p-1";
  r.tenant = "t-a";
  r.kind = "action";
  r.name = "isolateHost";
  r.step = "$.steps[2]";
  r.params = R"({"host":"h-1"})";
  r.start = "2026-07-01T10:00:02.000Z";
  r.end = "2026-07-01T10:00:03.000Z";
  r.object_kind = ObjectKind::Incident;
  r.object = "inc-1";
  r.launched_by = "u-1";
  r.approver = "u-2";
  r.approval_time = "2026-07-01T10:00:01.000Z";
  r.status = "Success";
  r.assets = (int64_t{1} << 40) + 3;
  r.asset_type = "device";
  return r;
}

// -- round trips

TEST_F(LaunchStoreTest, InstancesRoundTripEveryField) {
  InstanceRow r = full_instance();
  InstanceRow empty = full_instance();  // the empty texts of a fresh launch
  empty.id = "i-empty";
  empty.kind = ObjectKind::Alert;
  empty.object = "o-0";
  empty.launched_by = empty.approver = empty.approval_time = empty.start = empty.end = "";
  empty.waiting_for = empty.state = empty.journal = empty.error = "";
  write([&](Tx& tx) {
    tx.insert_instance(r);
    tx.insert_instance(empty);
  });
  EXPECT_GT(r.seq, 0);
  EXPECT_GT(empty.seq, r.seq);
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.instance("i-full"); })), fields(r));
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.instance("i-empty"); })), fields(empty));
  EXPECT_FALSE(read([](Tx& tx) { return tx.instance("i-none"); }));
  InstanceRow dup = r;
  EXPECT_THROW(write([&](Tx& tx) { tx.insert_instance(dup); }), StoreError);
}

TEST_F(LaunchStoreTest, UpdateInstanceChangesEveryFieldButIdAndSeq) {
  InstanceRow r = full_instance();
  write([&](Tx& tx) { tx.insert_instance(r); });
  InstanceRow q = changed_instance();
  q.seq = r.seq + 100;  // ignored
  write([&](Tx& tx) { tx.update_instance(q); });
  q.seq = r.seq;
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.instance("i-full"); })), fields(q));
  InstanceRow missing = q;
  missing.id = "i-none";
  EXPECT_THROW(write([&](Tx& tx) { tx.update_instance(missing); }), StoreError);
}

// Each field lands in the column of its name (a swap in both the INSERT
// and the SELECT would round-trip, yet filter on the wrong column).
struct ColumnCase {
  std::string column;
  std::string expected;
};

void expect_columns(const std::string& path, const std::string& table, const std::string& id,
                    const std::vector<ColumnCase>& cases) {
  RawDb raw(path);
  for (const auto& c : cases) {
    EXPECT_EQ(raw.value("SELECT " + c.column + " FROM " + table + " WHERE id = '" + id + "'"), c.expected)
        << table << "." << c.column;
  }
}

TEST_F(LaunchStoreTest, EveryFieldIsInTheColumnOfItsName) {
  InstanceRow i = full_instance();
  ApprovalRow a = full_approval();
  HistoryRow h = full_history();
  write([&](Tx& tx) {
    tx.insert_instance(i);
    tx.insert_approval(a);
    tx.put_history(h);
  });
  expect_columns(path_, "instances", i.id,
                 {{"seq", std::to_string(i.seq)},
                  {"playbook", i.playbook},
                  {"playbook_name", i.playbook_name},
                  {"tenant", i.tenant},
                  {"kind", "incident"},
                  {"object", i.object},
                  {"status", i.status},
                  {"launched_by", i.launched_by},
                  {"approver", i.approver},
                  {"approval_time", i.approval_time},
                  {"created_at", i.created_at},
                  {"start", i.start},
                  {"\"end\"", i.end},
                  {"due_at", i.due_at},
                  {"waiting_for", i.waiting_for},
                  {"algorithm", i.algorithm},
                  {"input", i.input},
                  {"state", i.state},
                  {"journal", i.journal},
                  {"error", i.error}});
  expect_columns(path_, "approvals", a.id,
                 {{"seq", std::to_string(a.seq)},
                  {"kind", a.kind},
                  {"instance", a.instance},
                  {"playbook", a.playbook},
                  {"tenant", a.tenant},
                  {"object_kind", "incident"},
                  {"object", a.object},
                  {"step", a.step},
                  {"\"group\"", a.group},
                  {"action", a.action},
                  {"params", a.params},
                  {"assets", a.assets},
                  {"decisions", a.decisions},
                  {"requested_at", a.requested_at},
                  {"due_at", a.due_at},
                  {"email_at", a.email_at},
                  {"status", a.status},
                  {"decided_by", a.decided_by},
                  {"decided_at", a.decided_at}});
  expect_columns(path_, "history", h.id,
                 {{"seq", std::to_string(h.seq)},
                  {"instance", h.instance},
                  {"playbook", h.playbook},
                  {"tenant", h.tenant},
                  {"kind", h.kind},
                  {"name", h.name},
                  {"step", h.step},
                  {"params", h.params},
                  {"start", h.start},
                  {"\"end\"", h.end},
                  {"object_kind", "incident"},
                  {"object", h.object},
                  {"launched_by", h.launched_by},
                  {"approver", h.approver},
                  {"approval_time", h.approval_time},
                  {"status", h.status},
                  {"assets", std::to_string(h.assets)},
                  {"asset_type", h.asset_type}});
}

TEST_F(LaunchStoreTest, AlgorithmsAreKeptOncePerKey) {
  const std::string key(64, 'c');
  const std::string text = big_text(80 * 1024);
  EXPECT_FALSE(read([&](Tx& tx) { return tx.algorithm(key); }));
  write([&](Tx& tx) { tx.put_algorithm(key, text); });
  EXPECT_EQ(read([&](Tx& tx) { return tx.algorithm(key); }), text);
  write([&](Tx& tx) { tx.put_algorithm(key, "other"); });  // present: a no-op
  EXPECT_EQ(read([&](Tx& tx) { return tx.algorithm(key); }), text);
  write([&](Tx& tx) { tx.put_algorithm(std::string(64, 'd'), ""); });
  EXPECT_EQ(read([&](Tx& tx) { return tx.algorithm(std::string(64, 'd')); }), "");
  EXPECT_FALSE(read([&](Tx& tx) { return tx.algorithm(std::string(64, 'e')); }));
}

TEST_F(LaunchStoreTest, ApprovalsRoundTripAndUpdate) {
  InstanceRow i = full_instance();
  ApprovalRow a = full_approval();
  ApprovalRow launch = full_approval();  // the launch approval of the same instance
  launch.id = "ap-launch";
  launch.kind = "launch";
  launch.step = launch.group = launch.action = launch.params = launch.email_at = "";
  launch.assets = "[]";
  launch.decisions = "{}";
  launch.status = "Pending";
  launch.decided_by = launch.decided_at = "";
  write([&](Tx& tx) {
    tx.insert_instance(i);
    tx.insert_approval(a);
    tx.insert_approval(launch);
  });
  EXPECT_GT(a.seq, 0);
  EXPECT_GT(launch.seq, a.seq);
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.approval("ap-full"); })), fields(a));
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.approval("ap-launch"); })), fields(launch));
  EXPECT_FALSE(read([](Tx& tx) { return tx.approval("ap-none"); }));

  InstanceRow other = changed_instance();
  other.id = "i-other";
  ApprovalRow q;
  q.id = a.id;
  q.seq = a.seq + 100;  // ignored
  q.kind = "launch";
  q.instance = "i-other";
  q.playbook = "p-2";
  q.tenant = "t-b";
  q.object_kind = ObjectKind::Alert;
  q.object = "o-1";
  q.step = "$.steps[5]";
  q.group = "call-8";
  q.action = "blockIp";
  q.params = R"({"ip":"10.0.0.2"})";
  q.assets = R"(["asset-3"])";
  q.decisions = R"({"asset-3":{"decision":"reject","user":"u-2","at":"2026-07-03T00:00:00.000Z"}})";
  q.requested_at = "2026-07-03T10:01:00.000Z";
  q.due_at = "2026-07-04T10:01:00.000Z";
  q.email_at = "";
  q.status = "Rejected";
  q.decided_by = "u-1";
  q.decided_at = "2026-07-03T10:06:00.000Z";
  write([&](Tx& tx) {
    tx.insert_instance(other);
    tx.update_approval(q);
  });
  q.seq = a.seq;
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.approval("ap-full"); })), fields(q));
  ApprovalRow missing = q;
  missing.id = "ap-none";
  EXPECT_THROW(write([&](Tx& tx) { tx.update_approval(missing); }), StoreError);
}

TEST_F(LaunchStoreTest, ApprovalByGroupFindsTheStepCallOfTheInstance) {
  InstanceRow i1 = full_instance();
  InstanceRow i2 = changed_instance();
  i2.id = "i-2";
  std::vector<ApprovalRow> rows;
  for (auto [id, instance, group] : {std::tuple{"ap-1", "i-full", "g-1"}, std::tuple{"ap-2", "i-full", "g-2"},
                                     std::tuple{"ap-3", "i-2", "g-1"}, std::tuple{"ap-4", "i-full", ""}}) {
    ApprovalRow r = full_approval();
    r.id = id;
    r.instance = instance;
    r.group = group;
    rows.push_back(r);
  }
  write([&](Tx& tx) {
    tx.insert_instance(i1);
    tx.insert_instance(i2);
    for (auto& r : rows) tx.insert_approval(r);
  });
  for (const auto& r : rows) {
    auto got = read([&](Tx& tx) { return tx.approval_by_group(r.instance, r.group); });
    ASSERT_TRUE(got) << r.id;
    EXPECT_EQ(fields(*got), fields(r));
  }
  EXPECT_FALSE(read([](Tx& tx) { return tx.approval_by_group("i-2", "g-2"); }));
  EXPECT_FALSE(read([](Tx& tx) { return tx.approval_by_group("i-none", "g-1"); }));
  // One approval per step call of an instance.
  ApprovalRow again = rows[0];
  again.id = "ap-again";
  EXPECT_THROW(write([&](Tx& tx) { tx.insert_approval(again); }), StoreError);
}

TEST_F(LaunchStoreTest, HistoryRoundTripsAndARewriteKeepsItsSeq) {
  InstanceRow i = full_instance();
  HistoryRow first = full_history();
  HistoryRow playbook_row = full_history();
  playbook_row.id = "i-full";
  playbook_row.kind = "playbook";
  playbook_row.name = "Isolate host";
  playbook_row.step = playbook_row.params = playbook_row.end = playbook_row.asset_type = "";
  playbook_row.status = "InProgress";
  playbook_row.assets = 0;
  write([&](Tx& tx) {
    tx.insert_instance(i);
    tx.put_history(first);
    tx.put_history(playbook_row);
  });
  EXPECT_GT(first.seq, 0);
  EXPECT_GT(playbook_row.seq, first.seq);
  HistoryFilter all;
  all.tenants = {"t-a", "t-b"};
  auto got = read([&](Tx& tx) { return tx.history(all); });
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(fields(got[0]), fields(first));
  EXPECT_EQ(fields(got[1]), fields(playbook_row));

  // Rewrite the first row with a value in every field: it keeps its seq
  // (and so its place), and the seq is filled in.
  InstanceRow other = changed_instance();
  other.id = "i-other";
  HistoryRow rewritten;
  rewritten.id = first.id;
  rewritten.seq = 0;
  rewritten.instance = "i-other";
  rewritten.playbook = "p-2";
  rewritten.tenant = "t-b";
  rewritten.kind = "playbook";
  rewritten.name = "Renamed";
  rewritten.step = "$.steps[9]";
  rewritten.params = "";
  rewritten.start = "2026-08-01T00:00:00.000Z";
  rewritten.end = "2026-08-01T00:00:01.000Z";
  rewritten.object_kind = ObjectKind::Alert;
  rewritten.object = "o-1";
  rewritten.launched_by = "";
  rewritten.approver = "u-1";
  rewritten.approval_time = "2026-08-01T00:00:02.000Z";
  rewritten.status = "Failed";
  rewritten.assets = 2;
  rewritten.asset_type = "user";
  write([&](Tx& tx) {
    tx.insert_instance(other);
    tx.put_history(rewritten);
  });
  EXPECT_EQ(rewritten.seq, first.seq);
  got = read([&](Tx& tx) { return tx.history(all); });
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(fields(got[0]), fields(rewritten));
  EXPECT_EQ(fields(got[1]), fields(playbook_row));
  EXPECT_EQ(RawDb(path_).value("SELECT count(*) FROM history"), "2");

  // A new row after the rewrite still comes after both.
  HistoryRow later = full_history();
  later.id = "i-full/4";
  write([&](Tx& tx) { tx.put_history(later); });
  EXPECT_GT(later.seq, playbook_row.seq);
}

TEST_F(LaunchStoreTest, AddLaunchesAddsToTheCountAlone) {
  auto before = *read([](Tx& tx) { return tx.playbook("p-2"); });
  write([](Tx& tx) { tx.add_launches("p-2", 1); });
  write([](Tx& tx) {
    tx.add_launches("p-2", 5);
    tx.add_launches("p-2", 0);
  });
  auto after = *read([](Tx& tx) { return tx.playbook("p-2"); });
  EXPECT_EQ(after.launches, before.launches + 6);
  EXPECT_EQ(std::tie(after.id, after.tenant, after.name, after.updated_at, after.seq),
            std::tie(before.id, before.tenant, before.name, before.updated_at, before.seq));
  EXPECT_EQ(read([](Tx& tx) { return tx.playbook("p-1"); })->launches, 42);  // the others unchanged
  EXPECT_THROW(write([](Tx& tx) { tx.add_launches("p-none", 1); }), StoreError);
}

TEST_F(LaunchStoreTest, InstanceCountsGroupByStatus) {
  EXPECT_TRUE(read([](Tx& tx) { return tx.instance_counts(); }).empty());
  const char* statuses[] = {"InProgress", "Success", "InProgress", "Failed", "Success", "InProgress"};
  write([&](Tx& tx) {
    int n = 0;
    for (const char* status : statuses) {
      InstanceRow r = full_instance();
      r.id = "i-" + std::to_string(n++);
      r.status = status;
      tx.insert_instance(r);
    }
  });
  using Counts = std::vector<std::pair<std::string, int64_t>>;
  EXPECT_EQ(read([](Tx& tx) { return tx.instance_counts(); }),
            (Counts{{"Failed", 1}, {"InProgress", 3}, {"Success", 2}}));
  write([](Tx& tx) {
    InstanceRow r = *tx.instance("i-0");
    r.status = "Terminated";
    tx.update_instance(r);
  });
  EXPECT_EQ(read([](Tx& tx) { return tx.instance_counts(); }),
            (Counts{{"Failed", 1}, {"InProgress", 2}, {"Success", 2}, {"Terminated", 1}}));
}

// -- the keys

TEST_F(LaunchStoreTest, RowsThatPointNowhereAreRefused) {
  struct Case {
    std::string name;
    std::function<void(Tx&)> write;
  };
  const std::vector<Case> cases = {
      {"instance of an unknown playbook",
       [](Tx& tx) {
         InstanceRow r = full_instance();
         r.playbook = "p-none";
         tx.insert_instance(r);
       }},
      {"instance of an unknown tenant",
       [](Tx& tx) {
         InstanceRow r = full_instance();
         r.tenant = "t-none";
         tx.insert_instance(r);
       }},
      {"instance of an unknown object",
       [](Tx& tx) {
         InstanceRow r = full_instance();
         r.object = "o-none";
         tx.insert_instance(r);
       }},
      {"instance of an object of the other kind",
       [](Tx& tx) {
         InstanceRow r = full_instance();
         r.kind = ObjectKind::Alert;  // inc-1 is an incident
         tx.insert_instance(r);
       }},
      {"approval of an unknown instance",
       [](Tx& tx) {
         ApprovalRow r = full_approval();
         tx.insert_approval(r);
       }},
      {"history of an unknown instance",
       [](Tx& tx) {
         HistoryRow r = full_history();
         tx.put_history(r);
       }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THROW(write(c.write), StoreError);
  }
  EXPECT_EQ(RawDb(path_).value("SELECT (SELECT count(*) FROM instances) + (SELECT count(*) FROM approvals) + "
                               "(SELECT count(*) FROM history)"),
            "0");
}

// -- transactions

TEST_F(LaunchStoreTest, ARolledBackWriteLeavesNothing) {
  auto launch_everything = [](Tx& tx) {
    InstanceRow i = full_instance();
    ApprovalRow a = full_approval();
    HistoryRow h = full_history();
    tx.put_algorithm(i.algorithm, "{}");
    tx.insert_instance(i);
    tx.insert_approval(a);
    tx.put_history(h);
    tx.add_launches("p-1", 1);
  };
  auto nothing_left = [&] {
    EXPECT_FALSE(read([](Tx& tx) { return tx.instance("i-full"); }));
    EXPECT_FALSE(read([](Tx& tx) { return tx.algorithm(std::string(64, 'a')); }));
    EXPECT_FALSE(read([](Tx& tx) { return tx.approval("ap-full"); }));
    HistoryFilter f;
    f.tenants = {"t-a"};
    EXPECT_TRUE(read([&](Tx& tx) { return tx.history(f); }).empty());
    EXPECT_TRUE(read([](Tx& tx) { return tx.instance_counts(); }).empty());
    EXPECT_EQ(read([](Tx& tx) { return tx.playbook("p-1"); })->launches, 42);
  };
  store_->write([&](Tx& tx) {
    launch_everything(tx);
    return false;
  });
  nothing_left();
  EXPECT_THROW(store_->write([&](Tx& tx) -> bool {
    launch_everything(tx);
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  nothing_left();
  // A failure in the middle (a duplicate approval) undoes the rows before it.
  EXPECT_THROW(write([&](Tx& tx) {
                 launch_everything(tx);
                 ApprovalRow again = full_approval();
                 tx.insert_approval(again);
               }),
               StoreError);
  nothing_left();
  write(launch_everything);  // and the same write then succeeds
  EXPECT_TRUE(read([](Tx& tx) { return tx.instance("i-full"); }));
  EXPECT_EQ(read([](Tx& tx) { return tx.playbook("p-1"); })->launches, 43);
}

TEST_F(LaunchStoreTest, WritingInsideAReadIsRefused) {
  EXPECT_THROW(store_->read([](Tx& tx) {
    InstanceRow r = full_instance();
    tx.insert_instance(r);
  }),
               StoreError);
  EXPECT_THROW(store_->read([](Tx& tx) { tx.add_launches("p-1", 1); }), StoreError);
}

// -- the lists: filters, paging, against a model

class LaunchListTest : public LaunchStoreTest {
 public:
  static constexpr int kInstances = 60, kApprovals = 45, kHistory = 50;

  void SetUp() override {
    LaunchStoreTest::SetUp();
    const char* statuses[] = {"InProgress", "Success", "AwaitingApproval", "Failed", "Terminated"};
    const char* approval_statuses[] = {"Pending", "Approved", "Rejected", "Partial", "Expired"};
    const char* history_statuses[] = {"Success", "Failed", "InProgress"};
    const char* object_tenants[] = {"t-a", "t-b", "t-root", "t-a", "t-b"};
    write([&](Tx& tx) {
      for (int i = 0; i < kInstances; ++i) {
        InstanceRow r;
        r.id = "i-" + std::to_string(i);
        r.playbook = "p-" + std::to_string(i / 3 % 3 + 1);
        r.playbook_name = "name of " + r.playbook;
        r.object = "o-" + std::to_string(i % 5);
        r.tenant = object_tenants[i % 5];
        r.status = statuses[i / 2 % 5];
        r.created_at = at(i);
        r.state = "state-" + std::to_string(i);
        r.journal = "journal-" + std::to_string(i);
        r.input = "null";
        tx.insert_instance(r);
        instances_.push_back(r);
      }
      for (int i = 0; i < kApprovals; ++i) {
        const InstanceRow& of = instances_[static_cast<size_t>(i % 9)];
        ApprovalRow r;
        r.id = "ap-" + std::to_string(i);
        r.kind = i < 9 ? "launch" : "action";
        r.group = i < 9 ? "" : "g-" + std::to_string(i);
        r.instance = of.id;
        r.playbook = of.playbook;
        r.tenant = of.tenant;
        r.object = of.object;
        r.status = approval_statuses[i / 2 % 5];
        r.assets = "[]";
        r.decisions = "{}";
        r.requested_at = at(i);
        tx.insert_approval(r);
        approvals_.push_back(r);
      }
      for (int i = 0; i < kHistory; ++i) {
        const InstanceRow& of = instances_[static_cast<size_t>(i % 11)];
        HistoryRow r;
        r.id = of.id + "/" + std::to_string(i);
        r.instance = of.id;
        r.playbook = of.playbook;
        r.tenant = of.tenant;
        r.object = of.object;
        r.kind = i % 3 == 0 ? "playbook" : "action";
        r.name = r.kind == "playbook" ? of.playbook_name : "isolateHost";
        r.status = history_statuses[i / 2 % 3];
        r.start = at(i * 7 % kHistory);  // not in seq order
        r.assets = i;
        tx.put_history(r);
        history_.push_back(r);
      }
    });
  }

  static bool has(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
  }

  // The seqs a filter should give, computed over what was inserted.
  std::vector<int64_t> expected(const InstanceFilter& f) const {
    std::vector<int64_t> out;
    for (const auto& r : instances_) {
      if (out.size() >= f.limit) break;
      if (!has(f.tenants, r.tenant) || r.seq <= f.after_seq) continue;
      if (!f.playbook.empty() && r.playbook != f.playbook) continue;
      if (!f.object.empty() && r.object != f.object) continue;
      if (!f.statuses.empty() && !has(f.statuses, r.status)) continue;
      if (f.unfinished_only && is_final_status(r.status)) continue;
      out.push_back(r.seq);
    }
    return out;
  }
  std::vector<int64_t> expected(const ApprovalFilter& f) const {
    std::vector<int64_t> out;
    for (const auto& r : approvals_) {
      if (out.size() >= f.limit) break;
      if (!has(f.tenants, r.tenant) || r.seq <= f.after_seq) continue;
      if (!f.instance.empty() && r.instance != f.instance) continue;
      if (!f.kind.empty() && r.kind != f.kind) continue;
      if (!f.status.empty() && r.status != f.status) continue;
      out.push_back(r.seq);
    }
    return out;
  }
  std::vector<int64_t> expected(const HistoryFilter& f) const {
    std::vector<int64_t> out;
    for (const auto& r : history_) {
      if (out.size() >= f.limit) break;
      if (!has(f.tenants, r.tenant) || r.seq <= f.after_seq) continue;
      if (!f.instance.empty() && r.instance != f.instance) continue;
      if (!f.playbook.empty() && r.playbook != f.playbook) continue;
      if (!f.object.empty() && r.object != f.object) continue;
      if (!f.kind.empty() && r.kind != f.kind) continue;
      if (!f.status.empty() && r.status != f.status) continue;
      if (!f.from.empty() && r.start < f.from) continue;
      if (!f.to.empty() && r.start >= f.to) continue;
      out.push_back(r.seq);
    }
    return out;
  }

  template <typename Filter>
  std::vector<int64_t> actual(const Filter& f) {
    std::vector<int64_t> out;
    store_->read([&](Tx& tx) {
      if constexpr (std::is_same_v<Filter, InstanceFilter>) {
        for (const auto& r : tx.instances(f)) out.push_back(r.seq);
      } else if constexpr (std::is_same_v<Filter, ApprovalFilter>) {
        for (const auto& r : tx.approvals(f)) out.push_back(r.seq);
      } else {
        for (const auto& r : tx.history(f)) out.push_back(r.seq);
      }
    });
    return out;
  }

  // Pages of `limit` rows until an empty one: their concatenation is the
  // whole list.
  template <typename Filter>
  void expect_pages_make_the_whole(Filter f, size_t limit) {
    Filter whole_filter = f;
    whole_filter.limit = 1000;
    auto whole = expected(whole_filter);
    ASSERT_GT(whole.size(), limit * 2);  // three pages at least
    f.limit = limit;
    f.after_seq = 0;
    std::vector<int64_t> paged;
    for (int pages = 0;; ++pages) {
      ASSERT_LT(pages, 100);
      auto page = actual(f);
      ASSERT_LE(page.size(), limit);
      if (page.empty()) break;
      paged.insert(paged.end(), page.begin(), page.end());
      f.after_seq = page.back();
    }
    EXPECT_EQ(paged, whole);
  }

  std::vector<InstanceRow> instances_;
  std::vector<ApprovalRow> approvals_;
  std::vector<HistoryRow> history_;
};

// More tenants than take one index range each (the other plan), most unknown.
std::vector<std::string> many_tenants() {
  std::vector<std::string> t{"t-b"};
  for (int i = 0; i < 20; ++i) t.push_back("t-unknown-" + std::to_string(i));
  t.push_back("t-root");
  return t;
}

template <typename Filter>
struct ListCase {
  std::string name;
  std::function<void(Filter&)> set;
};

template <typename Filter>
Filter every_tenant() {
  Filter f;
  f.tenants = {"t-a", "t-b", "t-root"};
  f.limit = 1000;
  return f;
}

template <typename Filter>
void run_cases(LaunchListTest& t, const std::vector<ListCase<Filter>>& cases, size_t all) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Filter f = every_tenant<Filter>();
    c.set(f);
    auto want = t.expected(f);
    EXPECT_FALSE(want.empty());  // each case narrows to some rows, not all
    EXPECT_LT(want.size(), all);
    EXPECT_EQ(t.actual(f), want);
  }
}

TEST_F(LaunchListTest, InstanceFilters) {
  using F = InstanceFilter;
  const std::vector<ListCase<F>> cases = {
      {"one tenant", [](F& f) { f.tenants = {"t-b"}; }},
      {"two tenants",
       [](F& f) {
         f.tenants = {"t-root", "t-a"};
       }},
      {"a tenant twice, limit",
       [](F& f) {
         f.tenants = {"t-a", "t-a"};
         f.limit = 5;  // five rows, not five positions of which some twice
       }},
      {"an unknown tenant among them",
       [](F& f) {
         f.tenants = {"t-none", "t-b"};
       }},
      {"many tenants", [](F& f) { f.tenants = many_tenants(); }},
      {"playbook", [](F& f) { f.playbook = "p-2"; }},
      {"object", [](F& f) { f.object = "o-3"; }},
      {"playbook and object",
       [](F& f) {
         f.playbook = "p-1";
         f.object = "o-0";
       }},
      {"one final status", [](F& f) { f.statuses = {"Success"}; }},
      {"two statuses",
       [](F& f) {
         f.statuses = {"Failed", "AwaitingApproval"};
       }},
      {"unfinished statuses",
       [](F& f) {
         f.statuses = {"InProgress", "AwaitingApproval"};
       }},
      {"unfinished only", [](F& f) { f.unfinished_only = true; }},
      {"unfinished of a playbook and object (the launching rule's lookup)",
       [](F& f) {
         f.tenants = {"t-b"};
         f.playbook = "p-1";
         f.object = "o-1";  // 2 unfinished, 3 final
         f.unfinished_only = true;
       }},
      {"unfinished and statuses: both apply",
       [](F& f) {
         f.unfinished_only = true;
         f.statuses = {"Success", "InProgress"};
       }},
      {"after seq", [](F& f) { f.after_seq = 25; }},
      {"limit", [](F& f) { f.limit = 5; }},
      {"tenants, statuses, after seq, limit",
       [](F& f) {
         f.tenants = {"t-a", "t-b"};
         f.statuses = {"Success", "Failed"};
         f.after_seq = 10;
         f.limit = 4;
       }},
      {"many tenants, unfinished, limit",
       [](F& f) {
         f.tenants = many_tenants();
         f.unfinished_only = true;
         f.limit = 3;
       }},
  };
  run_cases<F>(*this, cases, instances_.size());
  // Nothing for: no tenants, an unknown playbook, a status none has.
  for (auto set : std::vector<std::function<void(F&)>>{
           [](F& f) { f.tenants.clear(); }, [](F& f) { f.playbook = "p-none"; },
           [](F& f) { f.statuses = {"Paused"}; }, [](F& f) { f.limit = 0; }}) {
    F f = every_tenant<F>();
    set(f);
    EXPECT_TRUE(actual(f).empty());
  }
}

TEST_F(LaunchListTest, InstanceListsComeWholeOrWithoutStateAndJournal) {
  InstanceFilter f = every_tenant<InstanceFilter>();
  f.tenants = {"t-b"};
  f.limit = 3;
  auto whole = read([&](Tx& tx) { return tx.instances(f); });
  f.with_state = false;
  auto light = read([&](Tx& tx) { return tx.instances(f); });
  ASSERT_EQ(whole.size(), 3u);
  ASSERT_EQ(light.size(), 3u);
  for (size_t k = 0; k < whole.size(); ++k) {
    const InstanceRow& stored = *std::find_if(instances_.begin(), instances_.end(),
                                              [&](const InstanceRow& r) { return r.seq == whole[k].seq; });
    EXPECT_EQ(fields(whole[k]), fields(stored));
    InstanceRow without = stored;
    without.state.clear();
    without.journal.clear();
    EXPECT_EQ(fields(light[k]), fields(without));
  }
  // The same through the other plans (narrow: unfinished; many tenants).
  for (auto set : std::vector<std::function<void(InstanceFilter&)>>{
           [](InstanceFilter& f) { f.unfinished_only = true; },
           [](InstanceFilter& f) { f.tenants = many_tenants(); }}) {
    InstanceFilter g = every_tenant<InstanceFilter>();
    g.with_state = false;
    set(g);
    auto rows = read([&](Tx& tx) { return tx.instances(g); });
    ASSERT_FALSE(rows.empty());
    for (const auto& r : rows) {
      EXPECT_EQ(r.state, "");
      EXPECT_EQ(r.journal, "");
      EXPECT_EQ(r.playbook_name, "name of " + r.playbook);
    }
  }
}

TEST_F(LaunchListTest, InstancePages) {
  using F = InstanceFilter;
  for (auto [name, set] : std::vector<std::pair<std::string, std::function<void(F&)>>>{
           {"every tenant", [](F&) {}},
           {"one tenant", [](F& f) { f.tenants = {"t-a"}; }},
           {"many tenants", [](F& f) { f.tenants = many_tenants(); }},
           {"unfinished only", [](F& f) { f.unfinished_only = true; }},
           {"final statuses", [](F& f) {
              f.statuses = {"Success", "Failed", "Terminated"};
            }}}) {
    SCOPED_TRACE(name);
    F f = every_tenant<F>();
    set(f);
    expect_pages_make_the_whole(f, 4);
  }
}

TEST_F(LaunchListTest, ApprovalFilters) {
  using F = ApprovalFilter;
  const std::vector<ListCase<F>> cases = {
      {"one tenant", [](F& f) { f.tenants = {"t-b"}; }},
      {"two tenants",
       [](F& f) {
         f.tenants = {"t-root", "t-a"};
       }},
      {"many tenants", [](F& f) { f.tenants = many_tenants(); }},
      {"instance", [](F& f) { f.instance = "i-4"; }},
      {"kind launch", [](F& f) { f.kind = "launch"; }},
      {"kind action", [](F& f) { f.kind = "action"; }},
      {"pending", [](F& f) { f.status = "Pending"; }},
      {"approved", [](F& f) { f.status = "Approved"; }},
      {"pending actions of one tenant",
       [](F& f) {
         f.tenants = {"t-a"};
         f.kind = "action";
         f.status = "Pending";
       }},
      {"instance and kind",
       [](F& f) {
         f.instance = "i-2";
         f.kind = "action";
       }},
      {"after seq", [](F& f) { f.after_seq = 20; }},
      {"limit", [](F& f) { f.limit = 6; }},
      {"pending, after seq, limit",
       [](F& f) {
         f.status = "Pending";
         f.after_seq = 3;
         f.limit = 2;
       }},
  };
  run_cases<F>(*this, cases, approvals_.size());
  F f = every_tenant<F>();
  f.tenants.clear();
  EXPECT_TRUE(actual(f).empty());
  f = every_tenant<F>();
  f.status = "Unknown";
  EXPECT_TRUE(actual(f).empty());
}

TEST_F(LaunchListTest, ApprovalPages) {
  using F = ApprovalFilter;
  for (auto [name, set] : std::vector<std::pair<std::string, std::function<void(F&)>>>{
           {"every tenant", [](F&) {}},
           {"many tenants", [](F& f) { f.tenants = many_tenants(); }},
           {"pending", [](F& f) { f.status = "Pending"; }}}) {
    SCOPED_TRACE(name);
    F f = every_tenant<F>();
    set(f);
    expect_pages_make_the_whole(f, 3);
  }
}

TEST_F(LaunchListTest, HistoryFilters) {
  using F = HistoryFilter;
  const std::vector<ListCase<F>> cases = {
      {"one tenant", [](F& f) { f.tenants = {"t-b"}; }},
      {"two tenants",
       [](F& f) {
         f.tenants = {"t-root", "t-a"};
       }},
      {"many tenants", [](F& f) { f.tenants = many_tenants(); }},
      {"instance", [](F& f) { f.instance = "i-3"; }},
      {"playbook", [](F& f) { f.playbook = "p-3"; }},
      {"object", [](F& f) { f.object = "o-2"; }},
      {"kind", [](F& f) { f.kind = "playbook"; }},
      {"status", [](F& f) { f.status = "Failed"; }},
      {"from", [](F& f) { f.from = at(30); }},
      {"to", [](F& f) { f.to = at(12); }},
      {"from and to",
       [](F& f) {
         f.from = at(10);
         f.to = at(20);
       }},
      {"instance and kind",
       [](F& f) {
         f.instance = "i-0";
         f.kind = "action";
       }},
      {"tenant, playbook, status, window, after seq, limit",
       [](F& f) {
         f.tenants = {"t-a", "t-b"};
         f.playbook = "p-1";
         f.status = "Success";
         f.from = at(1);
         f.to = at(45);
         f.after_seq = 2;
         f.limit = 3;
       }},
  };
  run_cases<F>(*this, cases, history_.size());
  F f = every_tenant<F>();
  f.tenants.clear();
  EXPECT_TRUE(actual(f).empty());
}

TEST_F(LaunchListTest, HistoryPagesAndRowsComeWhole) {
  using F = HistoryFilter;
  for (auto [name, set] : std::vector<std::pair<std::string, std::function<void(F&)>>>{
           {"every tenant", [](F&) {}},
           {"many tenants", [](F& f) { f.tenants = many_tenants(); }},
           {"kind action", [](F& f) { f.kind = "action"; }}}) {
    SCOPED_TRACE(name);
    F f = every_tenant<F>();
    set(f);
    expect_pages_make_the_whole(f, 5);
  }
  F f = every_tenant<F>();
  f.instance = "i-7";  // the narrow plan
  auto rows = read([&](Tx& tx) { return tx.history(f); });
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) {
    auto stored = std::find_if(history_.begin(), history_.end(), [&](const auto& h) { return h.id == r.id; });
    ASSERT_NE(stored, history_.end());
    EXPECT_EQ(fields(r), fields(*stored));
  }
}

// -- approval timers

TEST_F(LaunchStoreTest, ApprovalsDueByDueAtOrEmailAt) {
  const std::string now = "2026-07-01T12:00:00.000Z";
  const std::string before = "2026-07-01T11:59:59.999Z";
  const std::string after = "2026-07-01T12:00:00.001Z";
  struct Case {
    std::string id, status, due_at, email_at;
    bool due;
  };
  const std::vector<Case> cases = {
      {"due-before", "Pending", before, "", true},
      {"due-now", "Pending", now, "", true},
      {"due-after", "Pending", after, "", false},
      {"email-before", "Pending", "", before, true},
      {"email-now", "Pending", "", now, true},
      {"email-after", "Pending", after, after, false},
      {"email-before-due-after", "Pending", after, before, true},
      {"both-before", "Pending", before, before, true},
      {"neither-set", "Pending", "", "", false},
      {"decided-and-late", "Approved", before, before, false},
      {"expired", "Expired", before, "", false},
      {"due-long-ago", "Pending", "2025-01-01T00:00:00.000Z", "", true},
      {"partial-late", "Partial", before, "", false},
  };
  InstanceRow i = full_instance();
  std::vector<std::string> want;
  write([&](Tx& tx) {
    tx.insert_instance(i);
    int n = 0;
    for (const auto& c : cases) {
      ApprovalRow r = full_approval();
      r.id = c.id;
      r.group = "g-" + std::to_string(n++);
      r.status = c.status;
      r.due_at = c.due_at;
      r.email_at = c.email_at;
      tx.insert_approval(r);
      if (c.due) want.push_back(c.id);  // inserted in order: seq order
    }
  });
  std::vector<std::string> got;
  for (const auto& r : read([&](Tx& tx) { return tx.approvals_due(now); })) got.push_back(r.id);
  EXPECT_EQ(got, want);
  // Earlier: only the long overdue; an empty now: none.
  got.clear();
  for (const auto& r : read([](Tx& tx) { return tx.approvals_due("2026-01-01T00:00:00.000Z"); }))
    got.push_back(r.id);
  EXPECT_EQ(got, std::vector<std::string>{"due-long-ago"});
  EXPECT_TRUE(read([](Tx& tx) { return tx.approvals_due(""); }).empty());
  // Decided, it is no longer due.
  write([](Tx& tx) {
    ApprovalRow r = *tx.approval("due-now");
    r.status = "Approved";
    tx.update_approval(r);
  });
  auto rows = read([&](Tx& tx) { return tx.approvals_due(now); });
  EXPECT_EQ(rows.size(), want.size() - 1);
  EXPECT_TRUE(std::none_of(rows.begin(), rows.end(), [](const auto& r) { return r.id == "due-now"; }));
}

}  // namespace
}  // namespace riposte::store::sqlite
