// argon2id verifications per second on N threads (and the CPU time each took) with the server's
// PasswordHasher and cost: the ceiling for password logins per second on this machine, measured by
// login-bench.sh in the same run as the logins. Prints one JSON line; not a test.
//
//   hash_bench [--threads 2] [--seconds 5] [--iterations 2] [--memory-kib 19456]
#include "crypto/PasswordHasher.h"

#include <QCoreApplication>
#include <QStringList>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

// CPU seconds of this process so far (user + system, every thread).
double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return double(t.tv_sec) + t.tv_usec / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int option(const QStringList& arguments, const QString& name, int fallback) {
    const qsizetype at = arguments.indexOf(name);
    if (at < 0 || at + 1 >= arguments.size())
        return fallback;
    bool ok = false;
    const int value = arguments.at(at + 1).toInt(&ok);
    return ok && value > 0 ? value : fallback;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int threads = option(arguments, QStringLiteral("--threads"), 2);
    const int seconds = option(arguments, QStringLiteral("--seconds"), 5);

    // The cost the server hashes with: [crypto] password_iterations and password_memory_kib,
    // whose defaults are PasswordCost's.
    const gatehouse::crypto::PasswordCost defaults;
    const gatehouse::crypto::PasswordCost cost{
        static_cast<unsigned long long>(
            option(arguments, QStringLiteral("--iterations"), static_cast<int>(defaults.opsLimit))),
        static_cast<size_t>(option(arguments, QStringLiteral("--memory-kib"),
                                   static_cast<int>(defaults.memLimitBytes / 1024))) *
            1024};
    const gatehouse::crypto::PasswordHasher hasher(cost);
    const QByteArray password("correct horse battery staple");
    const gatehouse::Result<QByteArray> stored = hasher.hash(password);
    if (!stored) {
        std::fprintf(stderr, "hash_bench: %s\n", qPrintable(stored.error().toString()));
        return 1;
    }

    // A login verifies (the same argon2id work as hashing at that cost).
    std::atomic<long> verified{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> workers;
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = cpuSeconds();
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
            while (!stop.load(std::memory_order_relaxed)) {
                if (!hasher.verify(password, *stored))
                    std::abort();
                verified.fetch_add(1, std::memory_order_relaxed);
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (std::thread& worker : workers)
        worker.join();
    const double cpu = cpuSeconds() - cpuStart;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"threads\":%d,\"ops_limit\":%llu,\"mem_kib\":%zu,\"verifications\":%ld,"
                "\"seconds\":%.3f,\"per_second\":%.2f,\"cpu_ms_each\":%.2f}\n",
                threads, cost.opsLimit, cost.memLimitBytes / 1024, verified.load(), elapsed,
                double(verified.load()) / elapsed, 1000 * cpu / double(verified.load()));
    return 0;
}
