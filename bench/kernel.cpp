// The reduced model of bench/README.md as a C++ reference kernel: the same algorithm as the engine's day loop
// (src/core/engine/simulation.ts), written as a C++ programmer would, to show what the machine allows.
//
// - Event-driven: each citizen's next day with acts is drawn ahead (days with acts form a Bernoulli process, the
//   gap is ⌊E⌋ for E exponential with rate Λ_i) and kept as one 16-bit day per citizen, which each day reads
//   through once, so the day's citizens come out ascending (the engine's `NextDays`); on such a day the number of
//   acts is zero-truncated Poisson(Λ_i) and each act's behaviour is drawn with probability λ_b/Λ_i, the behaviours
//   scanned in the engine's order (the highest rate first). Λ_i is computed on each such day, as the engine does, not
//   held per citizen.
// - Requests are the apparatus's events, apart from the acts as in the engine (`Apparatus.day`): their own next day
//   per citizen, drawn the same way at the request rate, and their own stream.
// - Three streams a citizen-day, as the engine draws them: the acts' (how many, which behaviour, the next day), the
//   observation's (the source's detection and false match: the engine's `apparatus.observation`, apart so that
//   what citizens do never depends on what the apparatus sees), and the requests'.
// - Struct-of-arrays columns indexed by citizen; records are applied at the day's end in the engine's canonical
//   order (target, actor, sequence).
// - Randomness: Philox4x32-10 (Salmon et al. 2011, as in Random123), counter = (citizen, day, purpose, block), the
//   engine's scheme; the streams and samplers are the engine's in kind, not word for word.
// - Single thread.
//
// Usage: kernel CITIZENS DAYS SEED SHAPE DETECTION MISATTRIBUTION INITIAL MIN MAX LIST_BELOW REQUEST_RATE
//               RATE_1 POINTS_1 [RATE_2 POINTS_2 …]
// (rates per citizen per year). Prints one JSON line: the outputs, wall seconds and peak RSS in bytes.

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

// ——— Philox4x32-10 (Random123 philox.h constants) ———

constexpr uint32_t kM0 = 0xd2511f53u;
constexpr uint32_t kM1 = 0xcd9e8d57u;
constexpr uint32_t kW0 = 0x9e3779b9u;
constexpr uint32_t kW1 = 0xbb67ae85u;

inline void philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1, uint32_t out[4]) {
  for (int round = 0; round < 10; round++) {
    if (round > 0) {
      k0 += kW0;
      k1 += kW1;
    }
    const uint64_t p0 = static_cast<uint64_t>(kM0) * c0;
    const uint64_t p1 = static_cast<uint64_t>(kM1) * c2;
    const uint32_t x0 = static_cast<uint32_t>(p1 >> 32) ^ c1 ^ k0;
    const uint32_t x1 = static_cast<uint32_t>(p1);
    const uint32_t x2 = static_cast<uint32_t>(p0 >> 32) ^ c3 ^ k1;
    const uint32_t x3 = static_cast<uint32_t>(p0);
    c0 = x0;
    c1 = x1;
    c2 = x2;
    c3 = x3;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

// A stream addressed by (purpose, citizen, day): word n is lane n mod 4 of philox(citizen, day, purpose, ⌊n/4⌋).
class Stream {
 public:
  Stream(uint32_t key0, uint32_t key1) : key0_(key0), key1_(key1) {}

  Stream& reset(uint32_t purpose, uint32_t citizen, uint32_t day) {
    purpose_ = purpose;
    citizen_ = citizen;
    day_ = day;
    block_ = 0;
    lane_ = 4;
    return *this;
  }

  uint32_t next() {
    if (lane_ == 4) {
      philox(citizen_, day_, purpose_, block_++, key0_, key1_, words_);
      lane_ = 0;
    }
    return words_[lane_++];
  }

  // Uniform in [0, 1) with 32 bits, for decisions.
  double unit32() { return next() * 0x1p-32; }

  // Uniform in [0, 1) with 53 bits.
  double unit53() {
    const uint32_t high = next() >> 5;
    const uint32_t low = next() >> 6;
    return (high * 67108864.0 + low) * 0x1p-53;
  }

 private:
  uint32_t key0_, key1_;
  uint32_t purpose_ = 0, citizen_ = 0, day_ = 0, block_ = 0;
  uint32_t words_[4] = {0, 0, 0, 0};
  int lane_ = 4;
};

// ——— Samplers (the engine's methods) ———

// The regularised incomplete gamma: P(a, y) by its series below a + 1, Q(a, y) by Legendre's continued fraction
// (modified Lentz) above; each returns the side it computes without cancellation.
double lowerSeries(double a, double y) {
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 1000000; n++) {
    term *= y / (a + n);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return sum * std::exp(-y + a * std::log(y) - std::lgamma(a));
}
double upperFraction(double a, double y) {
  const double tiny = 1e-300;
  double b = y + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 1000000; i++) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < 1e-16) break;
  }
  return std::exp(-y + a * std::log(y) - std::lgamma(a)) * h;
}
double lowerP(double a, double y) {
  if (y <= 0) return 0;
  if (std::isinf(y)) return 1;
  return y < a + 1 ? lowerSeries(a, y) : 1.0 - upperFraction(a, y);
}
double upperQ(double a, double y) {
  if (y <= 0) return 1;
  if (std::isinf(y)) return 0;
  return y < a + 1 ? 1.0 - lowerSeries(a, y) : upperFraction(a, y);
}

// The engine's propensity classes (src/core/rng/discreteGamma.ts): gamma(k, 1/k) cut at its quantiles into 256
// equally likely classes, each standing for its conditional mean (Yang's discrete gamma). The quantiles here by
// bisection on ln y (the engine uses Newton's method; both converge to the same doubles within rounding).
std::vector<double> discreteGamma(double shape) {
  constexpr int L = 256;
  std::vector<double> edges(L + 1, 0.0), levels(L);
  edges[L] = INFINITY;
  for (int j = 1; j < L; j++) {
    const double p = static_cast<double>(j) / L;
    double low = std::max(edges[j - 1], 1e-300), high = shape + 1;
    while (lowerP(shape, high) < p) high *= 2;
    for (int step = 0; step < 200; step++) {
      const double mid = std::sqrt(low * high);
      if (lowerP(shape, mid) < p) low = mid; else high = mid;
    }
    edges[j] = std::sqrt(low * high);
  }
  const double a = shape + 1;
  double sum = 0;
  for (int j = 0; j < L; j++) {
    const double mass = edges[j + 1] < a + 1 ? lowerP(a, edges[j + 1]) - lowerP(a, edges[j])
                                             : upperQ(a, edges[j]) - upperQ(a, edges[j + 1]);
    levels[j] = std::max(0.0, L * mass);
    sum += levels[j];
  }
  for (double& level : levels) level /= sum / L;
  return levels;
}

// Poisson(λ) conditioned on ≥ 1, by inversion from k = 1 (λ < 10, as in every use here).
int zeroTruncatedPoisson(Stream& rng, double lambda) {
  const double zero = std::exp(-lambda);
  if (zero * lambda == 0) {
    std::fprintf(stderr, "kernel: a daily rate of %g is too high to draw by inversion (e^-rate underflows)\n", lambda);
    std::exit(2);
  }
  for (;;) {
    double u = rng.unit53() * -std::expm1(-lambda);
    int k = 1;
    double probability = zero * lambda;
    while (u >= probability && probability > 0) {
      u -= probability;
      k++;
      probability *= lambda / k;
    }
    if (probability > 0) return k;
  }
}

// 32-bit FNV-1a of a name: the engine's purpose ids.
uint32_t purposeId(const char* name) {
  uint32_t hash = 0x811c9dc5u;
  for (const char* p = name; *p; p++) hash = (hash ^ static_cast<unsigned char>(*p)) * 0x01000193u;
  return hash;
}

// A record waiting for the day's end; the canonical order is (target, actor, sequence).
struct Record {
  int32_t target;
  int32_t actor;
  int32_t sequence;
  int32_t behaviour;
  bool misattributed;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 14 || (argc - 12) % 2 != 0) {
    std::fprintf(stderr,
                 "usage: kernel CITIZENS DAYS SEED SHAPE DETECTION MISATTRIBUTION INITIAL MIN MAX LIST_BELOW "
                 "REQUEST_RATE RATE_1 POINTS_1 [RATE_2 POINTS_2 …]\n");
    return 2;
  }
  const int64_t citizens = std::atoll(argv[1]);
  const int days = std::atoi(argv[2]);
  errno = 0;
  const uint64_t seed = std::strtoull(argv[3], nullptr, 10);
  const bool seedFits = errno != ERANGE;
  const double shape = std::atof(argv[4]);
  const double detection = std::atof(argv[5]);
  const double misattribution = std::atof(argv[6]);
  const double initial = std::atof(argv[7]);
  const double scoreMin = std::atof(argv[8]);
  const double scoreMax = std::atof(argv[9]);
  const double listBelow = std::atof(argv[10]);
  const double requestRate = std::atof(argv[11]) / 365.0;
  const int behaviours = (argc - 12) / 2;
  std::vector<double> rate(behaviours), points(behaviours);
  for (int b = 0; b < behaviours; b++) {
    rate[b] = std::atof(argv[12 + 2 * b]) / 365.0;
    points[b] = std::atof(argv[13 + 2 * b]);
  }
  // The behaviours as the engine orders its act channels: by rate, the highest first (ties by index), so the scan for
  // an act's behaviour stops early.
  std::vector<int> byRate(behaviours);
  for (int b = 0; b < behaviours; b++) byRate[b] = b;
  std::stable_sort(byRate.begin(), byRate.end(), [&](int x, int y) { return rate[x] > rate[y]; });
  // What kernel.js accepts (but for its sort keys' 2,097,152 citizens and 8 behaviours).
  const bool seedDigits = argv[3][0] != '\0' && std::strspn(argv[3], "0123456789") == std::strlen(argv[3]);
  if (citizens < 1 || citizens > INT32_MAX || days < 1 || !(shape > 0 && std::isfinite(shape)) || !seedDigits ||
      !seedFits) {
    std::fprintf(stderr, "kernel: at least 1 citizen and 1 day, a positive shape, a seed from 0 to 2^64 - 1\n");
    return 2;
  }
  const int32_t n = static_cast<int32_t>(citizens);
  const auto started = std::chrono::steady_clock::now();

  Stream rng(static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
  const uint32_t purposeSchedule = purposeId("engine.schedule");
  const uint32_t purposeActivity = purposeId("engine.activity");
  const uint32_t purposeObservation = purposeId("engine.observation");
  const uint32_t purposeRequestSchedule = purposeId("engine.requestSchedule");
  const uint32_t purposeRequests = purposeId("engine.requests");
  Stream observation(static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));

  // Columns: propensity classes (one byte, a citizen's behaviours side by side, as the engine holds them) and each
  // class's multiplier, both ledgers' scores (32-bit floats, as the engine holds them), listing flags.
  const std::vector<double> level = discreteGamma(shape);
  std::vector<uint8_t> propensity(static_cast<size_t>(n) * behaviours);
  for (int b = 0; b < behaviours; b++) {
    char name[64];
    std::snprintf(name, sizeof name, "population.propensity.b%d", b);
    const uint32_t purpose = purposeId(name);
    for (int32_t i = 0; i < n; i++) {
      propensity[static_cast<size_t>(i) * behaviours + b] =
          static_cast<uint8_t>(rng.reset(purpose, i, 0).unit32() * 256.0);
    }
  }
  std::vector<float> trueScore(n, static_cast<float>(initial)), recordedScore(n, static_cast<float>(initial));
  std::vector<uint8_t> listed(n, 0), trulyListed(n, 0);
  // Citizen i's rate of each behaviour in byRate order, into lambdas, and their sum Λ_i: computed when needed, as the
  // engine does (`Acts.rates`), rather than held per citizen.
  std::vector<double> lambdas(behaviours);
  auto rates = [&](int32_t i) {
    double total = 0;
    for (int k = 0; k < behaviours; k++) {
      const int b = byRate[k];
      lambdas[k] = rate[b] * level[propensity[static_cast<size_t>(i) * behaviours + b]];
      total += lambdas[k];
    }
    return total;
  };

  // Each citizen's next day with acts, and with requests (noDay: none within the run).
  constexpr uint16_t noDay = 0xffff;
  if (days >= noDay) {
    std::fprintf(stderr, "at most %d days\n", noDay - 1);
    return 2;
  }
  std::vector<uint16_t> next(n, noDay), nextRequest(n, noDay);
  auto dayOf = [&](double day) { return day < days ? static_cast<uint16_t>(day) : noDay; };
  for (int32_t i = 0; i < n; i++) {
    const double total = rates(i);
    if (total > 0) next[i] = dayOf(-std::log(1.0 - rng.reset(purposeSchedule, i, 0).unit53()) / total);
    if (requestRate > 0) {
      nextRequest[i] = dayOf(-std::log(1.0 - rng.reset(purposeRequestSchedule, i, 0).unit53()) / requestRate);
    }
  }

  int64_t acts = 0, records = 0, misattributed = 0, requests = 0, denied = 0;
  std::vector<Record> dayRecords;
  std::vector<int32_t> today, requesting;
  for (int day = 0; day < days; day++) {
    today.clear();
    requesting.clear();
    for (int32_t i = 0; i < n; i++) {
      if (next[i] == day) {
        today.push_back(i);
        next[i] = noDay;
      }
      if (nextRequest[i] == day) {
        requesting.push_back(i);
        nextRequest[i] = noDay;
      }
    }
    // Requests, judged on the record as it stood at the start of the day (records are applied at its end).
    for (const int32_t i : requesting) {
      Stream& stream = rng.reset(purposeRequests, i, day);
      const int events = zeroTruncatedPoisson(stream, requestRate);
      requests += events;
      if (listed[i]) denied += events;
      const double gap = -std::log(1.0 - stream.unit53()) / requestRate;
      nextRequest[i] = dayOf(day + 1 + std::floor(std::min(gap, 1e9)));
    }
    for (const int32_t i : today) {
      const double total = rates(i);
      Stream& stream = rng.reset(purposeActivity, i, day);
      observation.reset(purposeObservation, i, day);
      const int events = zeroTruncatedPoisson(stream, total);
      for (int e = 0; e < events; e++) {
        // The behaviour, with probability λ_b/Λ_i (the last takes the rounding remainder).
        double u = stream.unit32() * total;
        int k = 0;
        while (k < behaviours - 1 && u >= lambdas[k]) {
          u -= lambdas[k];
          k++;
        }
        const int c = byRate[k];
        acts++;
        // The truth ledger: every act scored at once.
        trueScore[i] = static_cast<float>(std::clamp(trueScore[i] + points[c], scoreMin, scoreMax));
        if (!trulyListed[i] && trueScore[i] < listBelow) trulyListed[i] = 1;
        // The source: detected with probability p, misattributed to another citizen with probability m.
        if (observation.unit32() >= detection) continue;
        int32_t target = i;
        bool wrong = false;
        if (observation.unit32() < misattribution && n > 1) {
          do {
            target = static_cast<int32_t>(observation.unit53() * n);
          } while (target == i);
          wrong = true;
        }
        dayRecords.push_back({target, i, e, c, wrong});
      }
      const double gap = -std::log(1.0 - stream.unit53()) / total;
      next[i] = dayOf(day + 1 + std::floor(std::min(gap, 1e9)));
    }
    // The record: the day's records in canonical order.
    std::sort(dayRecords.begin(), dayRecords.end(), [](const Record& a, const Record& b) {
      if (a.target != b.target) return a.target < b.target;
      if (a.actor != b.actor) return a.actor < b.actor;
      return a.sequence < b.sequence;
    });
    for (const Record& record : dayRecords) {
      const int32_t t = record.target;
      records++;
      if (record.misattributed) misattributed++;
      recordedScore[t] =
          static_cast<float>(std::clamp(recordedScore[t] + points[record.behaviour], scoreMin, scoreMax));
      if (!listed[t] && recordedScore[t] < listBelow) listed[t] = 1;
    }
    dayRecords.clear();
  }

  int64_t listedNow = 0, trulyListedNow = 0;
  for (int32_t i = 0; i < n; i++) {
    listedNow += listed[i];
    trulyListedNow += trulyListed[i];
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "{\"acts\":%lld,\"records\":%lld,\"misattributions\":%lld,\"listed\":%lld,\"trulyListed\":%lld,"
      "\"requests\":%lld,\"denied\":%lld,\"wallSeconds\":%.6f,\"maxRssBytes\":%lld}\n",
      static_cast<long long>(acts), static_cast<long long>(records), static_cast<long long>(misattributed),
      static_cast<long long>(listedNow), static_cast<long long>(trulyListedNow), static_cast<long long>(requests),
      static_cast<long long>(denied), seconds, static_cast<long long>(usage.ru_maxrss) * 1024);
  return 0;
}
