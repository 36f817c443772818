#pragma once

#include "http/RequestRecord.h"

#include <QByteArray>
#include <QIODevice>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>

namespace gatehouse::http {

// Writes one JSON line per request:
//   {"ts":"2024-05-01T12:00:00.123Z","method":"GET","path":"/x","route":"/x","status":200,
//    "bytes_in":40,"bytes_out":120,"duration_us":85,"peer":"127.0.0.1"}
// write() is thread-safe and makes no syscall: lines are appended to a buffer that a background
// thread writes out at least every flushInterval (and sooner when 64 KiB have piled up), and on
// destruction. If the output stalls and 8 MiB are waiting, further lines are dropped and counted,
// and a {"ts":..,"dropped":N} line reports them: a slow disk must not stall request handling.
class AccessLogWriter final {
public:
    // `file` stays open and owned by the caller. `device` must be open for writing and not used
    // by anyone else while the writer exists (it is written from the writer's thread).
    explicit AccessLogWriter(FILE* file,
                             std::chrono::milliseconds flushInterval = std::chrono::seconds(1));
    explicit AccessLogWriter(QIODevice* device,
                             std::chrono::milliseconds flushInterval = std::chrono::seconds(1));
    ~AccessLogWriter();
    AccessLogWriter(const AccessLogWriter&) = delete;
    AccessLogWriter& operator=(const AccessLogWriter&) = delete;

    void write(const RequestRecord& record);
    // Writes everything buffered so far before returning.
    void flush();
    // For HttpServer::setRequestObserver; the writer must outlive the server.
    [[nodiscard]] std::function<void(const RequestRecord&)> observer();
    [[nodiscard]] qint64 droppedLines() const { return m_droppedTotal.load(); }

    // The line for `record` (with its trailing newline) at `unixMillis`; public for tests.
    [[nodiscard]] static QByteArray formatLine(const RequestRecord& record, qint64 unixMillis);

private:
    void run();
    void writeOut();
    void startThread();

    FILE* m_file = nullptr;
    QIODevice* m_device = nullptr;
    std::chrono::milliseconds m_flushInterval;
    std::mutex m_bufferMutex; // guards m_buffer, m_dropped, m_stop
    std::mutex m_outputMutex; // serialises writes to the output, in buffer order
    std::condition_variable m_wake;
    QByteArray m_buffer;
    QByteArray m_spare; // the buffer being written out; swapped with m_buffer
    qint64 m_dropped = 0;
    std::atomic<qint64> m_droppedTotal{0};
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace gatehouse::http
