// Signed JWTs per second for each algorithm on 1 and 2 threads sharing one KeyPair. Not a test:
// it prints figures to compare with `openssl speed -seconds 3 rsa2048 ecdsap256 ed25519`.
// Besides wall-clock rates it prints tokens per CPU-second and the CPUs actually obtained, so that
// a machine busy with other work (fewer CPUs obtained) is not mistaken for lock contention in the
// signing path (more CPU per token).
#include "crypto/Jwt.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace gatehouse::crypto;

namespace {

struct Rate {
    double perWallSecond = 0;
    double perCpuSecond = 0;
    double cpusUsed = 0;
};

double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

Rate tokensPerSecond(const KeyPair& key, int threadCount, std::chrono::milliseconds duration) {
    const QJsonObject header{{QStringLiteral("typ"), QStringLiteral("at+jwt")}};
    const QJsonObject claims{
        {QStringLiteral("iss"), QStringLiteral("https://gatehouse.test/t1")},
        {QStringLiteral("sub"), QStringLiteral("auth0|5f7c8ec7c33c6c004bbafe82")},
        {QStringLiteral("aud"), QStringLiteral("https://api.example.com")},
        {QStringLiteral("client_id"), QStringLiteral("s6BhdRkqt3")},
        {QStringLiteral("scope"), QStringLiteral("openid profile read:items")},
        {QStringLiteral("iat"), 1750000000},
        {QStringLiteral("exp"), 1750003600}};
    const QByteArray kid = key.thumbprint();
    std::atomic<bool> stop{false};
    std::atomic<long> total{0};
    std::vector<std::thread> threads;
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = cpuSeconds();
    for (int t = 0; t < threadCount; ++t) {
        threads.emplace_back([&] {
            long count = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                if (signJwt(header, claims, key, kid).isEmpty())
                    std::abort();
                ++count;
            }
            total += count;
        });
    }
    std::this_thread::sleep_for(duration);
    stop = true;
    for (auto& thread : threads)
        thread.join();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    const double cpu = cpuSeconds() - cpuStart;
    const double tokens = double(total.load());
    return {tokens / elapsed.count(), tokens / cpu, cpu / elapsed.count()};
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const auto duration = std::chrono::milliseconds(argc > 1 ? std::atoi(argv[1]) : 3000);
    std::printf("%-6s %9s %9s %6s | %9s %9s | %5s %5s\n", "alg", "1 thr/s", "2 thr/s", "ratio",
                "1 /cpu-s", "2 /cpu-s", "cpu1", "cpu2");
    for (const auto algorithm :
         {SigningAlgorithm::RS256, SigningAlgorithm::ES256, SigningAlgorithm::EdDSA}) {
        const auto key = KeyPair::generate(algorithm);
        if (!key)
            return 1;
        const Rate one = tokensPerSecond(*key, 1, duration);
        const Rate two = tokensPerSecond(*key, 2, duration);
        std::printf("%-6s %9.0f %9.0f %6.2f | %9.0f %9.0f | %5.2f %5.2f\n",
                    algorithmName(algorithm).constData(), one.perWallSecond, two.perWallSecond,
                    two.perWallSecond / one.perWallSecond, one.perCpuSecond, two.perCpuSecond,
                    one.cpusUsed, two.cpusUsed);
    }
    return 0;
}
