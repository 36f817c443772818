#include "http/AccessLogWriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace gatehouse::http {
namespace {

using namespace std::chrono_literals;

RequestRecord sampleRecord() {
    RequestRecord record;
    record.method = "POST";
    record.path = "/oauth/token";
    record.route = "/oauth/token";
    record.status = 200;
    record.requestBytes = 321;
    record.responseBytes = 1234;
    record.durationMicros = 87;
    record.peer = QHostAddress(QStringLiteral("192.0.2.7"));
    return record;
}

QList<QByteArray> linesOf(const QByteArray& text) {
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

TEST(AccessLogWriterTest, FormatsOneJsonLinePerRecord) {
    const QByteArray line = AccessLogWriter::formatLine(sampleRecord(), 1714564800123);
    EXPECT_EQ(line,
              "{\"ts\":\"2024-05-01T12:00:00.123Z\",\"method\":\"POST\",\"path\":\"/oauth/token\","
              "\"route\":\"/oauth/token\",\"status\":200,\"bytes_in\":321,\"bytes_out\":1234,"
              "\"duration_us\":87,\"peer\":\"192.0.2.7\"}\n");
}

TEST(AccessLogWriterTest, HostilePathsStayOneValidAsciiLine) {
    RequestRecord record = sampleRecord();
    record.path = QByteArray("/a\r\n{\"status\":999}\\\x01\x7f\xff", 22);
    record.peer = QHostAddress(QStringLiteral("::ffff:10.0.0.1"));
    const QByteArray line = AccessLogWriter::formatLine(record, 0);
    EXPECT_EQ(line.count('\n'), 1);
    EXPECT_FALSE(line.contains('\r'));
    for (char c : line)
        EXPECT_LT(static_cast<unsigned char>(c), 0x80);
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(line, &error).object();
    ASSERT_EQ(error.error, QJsonParseError::NoError) << line.toStdString();
    EXPECT_EQ(object.value(QStringLiteral("path")).toString(),
              QString::fromLatin1(record.path.constData(), record.path.size()));
    EXPECT_EQ(object.value(QStringLiteral("status")).toInt(), 200);
    EXPECT_EQ(object.value(QStringLiteral("peer")).toString(), QStringLiteral("10.0.0.1"));

    record.peer = QHostAddress(QStringLiteral("2001:db8::1"));
    EXPECT_TRUE(AccessLogWriter::formatLine(record, 0).contains("\"peer\":\"2001:db8::1\""));
}

TEST(AccessLogWriterTest, WritesEverythingOnDestruction) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("access.log"));
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        AccessLogWriter writer(&file, 1h);
        for (int i = 0; i < 3; ++i)
            writer.write(sampleRecord());
        EXPECT_TRUE(readFile(path).isEmpty()); // buffered, not written per line
    }
    EXPECT_EQ(linesOf(readFile(path)).size(), 3);
}

TEST(AccessLogWriterTest, FlushesPeriodicallyWithoutBeingAsked) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("access.log"));
    FILE* file = std::fopen(path.toLocal8Bit().constData(), "w");
    ASSERT_NE(file, nullptr);
    {
        AccessLogWriter writer(file, 100ms);
        writer.write(sampleRecord());
        EXPECT_TRUE(QTest::qWaitFor([&] { return !readFile(path).isEmpty(); }, 2000));
    }
    std::fclose(file);
}

TEST(AccessLogWriterTest, ConcurrentWritersLoseNoLine) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("access.log"));
    FILE* file = std::fopen(path.toLocal8Bit().constData(), "w");
    ASSERT_NE(file, nullptr);
    // 20000 lines of ~230 bytes stay below the 8 MiB at which lines would be dropped, even if the
    // flushing thread never got to run meanwhile.
    constexpr int kThreads = 4;
    constexpr int kLinesEach = 5000;
    QElapsedTimer timer;
    {
        AccessLogWriter writer(file);
        timer.start();
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&writer] {
                const RequestRecord record = sampleRecord();
                for (int i = 0; i < kLinesEach; ++i)
                    writer.write(record);
            });
        }
        for (auto& thread : threads)
            thread.join();
        std::printf("[ figures  ] AccessLogWriter: %.0f ns per line, %d threads\n",
                    static_cast<double>(timer.nsecsElapsed()) / (kThreads * kLinesEach), kThreads);
        EXPECT_EQ(writer.droppedLines(), 0);
    }
    std::fclose(file);
    const QList<QByteArray> lines = linesOf(readFile(path));
    ASSERT_EQ(lines.size(), kThreads * kLinesEach);
    EXPECT_TRUE(QJsonDocument::fromJson(lines.first()).isObject());
    EXPECT_TRUE(QJsonDocument::fromJson(lines.last()).isObject());
}

TEST(AccessLogWriterTest, StalledOutputDropsAndReportsLinesInsteadOfBlocking) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    FILE* pipeEnd = ::fdopen(fds[1], "w");
    ASSERT_NE(pipeEnd, nullptr);
    QByteArray received;
    std::thread reader;
    {
        AccessLogWriter writer(pipeEnd, 10ms);
        // Nobody reads the pipe: the writer's thread blocks in fwrite, and write() must not.
        QElapsedTimer timer;
        timer.start();
        const RequestRecord record = sampleRecord();
        // ~46 MB: more than the 8 MiB buffer plus the up to 8 MiB the blocked thread holds.
        for (int i = 0; i < 200000; ++i)
            writer.write(record);
        EXPECT_LT(timer.elapsed(), 10000);
        EXPECT_GT(writer.droppedLines(), 0);
        reader = std::thread([&received, fd = fds[0]] {
            char buffer[65536];
            for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
                received.append(buffer, n);
        });
    }
    std::fclose(pipeEnd); // EOF for the reader
    reader.join();
    ::close(fds[0]);
    EXPECT_TRUE(received.contains("\"dropped\":"));
    EXPECT_TRUE(received.endsWith("}\n"));
}

} // namespace
} // namespace gatehouse::http
