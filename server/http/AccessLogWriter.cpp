#include "http/AccessLogWriter.h"

#include <QFileDevice>
#include <QVarLengthArray>
#include <charconv>
#include <ctime>

namespace gatehouse::http {

namespace {

constexpr qsizetype kWakeThreshold = 64 * 1024;
constexpr qsizetype kMaxBuffered = 8 * 1024 * 1024;

using LineBuffer = QVarLengthArray<char, 512>;

void append(LineBuffer& out, QByteArrayView text) {
    out.append(text.data(), text.size());
}

void appendNumber(LineBuffer& out, qint64 value) {
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr - digits);
}

void appendPadded(LineBuffer& out, int value, int width) {
    char digits[8];
    for (int i = width - 1; i >= 0; --i, value /= 10)
        digits[i] = static_cast<char>('0' + value % 10);
    out.append(digits, width);
}

// Request paths are attacker-controlled bytes: escape everything outside printable ASCII, so that
// each record stays one valid, ASCII-only JSON line (no log injection through CR/LF or quotes).
void appendJsonString(LineBuffer& out, QByteArrayView bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.append('"');
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '"' || u == '\\') {
            out.append('\\');
            out.append(c);
        } else if (u < 0x20 || u >= 0x7f) {
            const char escape[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 0xf]};
            out.append(escape, sizeof escape);
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

// "2024-05-01T12:00:00" is formatted once per second per thread; milliseconds are appended.
void appendTimestamp(LineBuffer& out, qint64 unixMillis) {
    thread_local std::time_t cachedSecond = -1;
    thread_local LineBuffer cached;
    const std::time_t second = static_cast<std::time_t>(unixMillis / 1000);
    if (second != cachedSecond) {
        std::tm tm{};
        gmtime_r(&second, &tm);
        cached.clear();
        appendPadded(cached, tm.tm_year + 1900, 4);
        cached.append('-');
        appendPadded(cached, tm.tm_mon + 1, 2);
        cached.append('-');
        appendPadded(cached, tm.tm_mday, 2);
        cached.append('T');
        appendPadded(cached, tm.tm_hour, 2);
        cached.append(':');
        appendPadded(cached, tm.tm_min, 2);
        cached.append(':');
        appendPadded(cached, tm.tm_sec, 2);
        cachedSecond = second;
    }
    out.append('"');
    out.append(cached.constData(), cached.size());
    out.append('.');
    appendPadded(out, static_cast<int>(unixMillis % 1000), 3);
    append(out, "Z\"");
}

void appendPeer(LineBuffer& out, const QHostAddress& peer) {
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    if (!isV4) {
        appendJsonString(out, peer.toString().toLatin1());
        return;
    }
    out.append('"');
    for (int shift = 24; shift >= 0; shift -= 8) {
        appendNumber(out, (v4 >> shift) & 0xff);
        if (shift > 0)
            out.append('.');
    }
    out.append('"');
}

void formatInto(LineBuffer& out, const RequestRecord& record, qint64 unixMillis) {
    append(out, "{\"ts\":");
    appendTimestamp(out, unixMillis);
    append(out, ",\"method\":");
    appendJsonString(out, record.method);
    append(out, ",\"path\":");
    appendJsonString(out, record.path);
    append(out, ",\"route\":");
    appendJsonString(out, record.route);
    append(out, ",\"status\":");
    appendNumber(out, record.status);
    append(out, ",\"bytes_in\":");
    appendNumber(out, record.requestBytes);
    append(out, ",\"bytes_out\":");
    appendNumber(out, record.responseBytes);
    append(out, ",\"duration_us\":");
    appendNumber(out, record.durationMicros);
    append(out, ",\"peer\":");
    appendPeer(out, record.peer);
    append(out, "}\n");
}

qint64 nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

AccessLogWriter::AccessLogWriter(FILE* file, std::chrono::milliseconds flushInterval)
    : m_file(file)
    , m_flushInterval(flushInterval) {
    startThread();
}

AccessLogWriter::AccessLogWriter(QIODevice* device, std::chrono::milliseconds flushInterval)
    : m_device(device)
    , m_flushInterval(flushInterval) {
    startThread();
}

AccessLogWriter::~AccessLogWriter() {
    {
        std::lock_guard lock(m_bufferMutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
    flush();
}

void AccessLogWriter::startThread() {
    m_buffer.reserve(kWakeThreshold * 2);
    m_thread = std::thread([this] { run(); });
}

QByteArray AccessLogWriter::formatLine(const RequestRecord& record, qint64 unixMillis) {
    LineBuffer line;
    formatInto(line, record, unixMillis);
    return QByteArray(line.constData(), line.size());
}

void AccessLogWriter::write(const RequestRecord& record) {
    LineBuffer line; // formatted outside the lock, on the stack
    formatInto(line, record, nowMillis());
    bool wake = false;
    {
        std::lock_guard lock(m_bufferMutex);
        if (m_buffer.size() + line.size() > kMaxBuffered) {
            ++m_dropped;
            m_droppedTotal.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        const bool wasBelow = m_buffer.size() < kWakeThreshold;
        m_buffer.append(line.constData(), line.size());
        wake = wasBelow && m_buffer.size() >= kWakeThreshold;
    }
    if (wake)
        m_wake.notify_one();
}

void AccessLogWriter::flush() {
    writeOut();
}

std::function<void(const RequestRecord&)> AccessLogWriter::observer() {
    return [this](const RequestRecord& record) {
        write(record);
    };
}

void AccessLogWriter::run() {
    std::unique_lock lock(m_bufferMutex);
    while (!m_stop) {
        m_wake.wait_for(lock, m_flushInterval,
                        [this] { return m_stop || m_buffer.size() >= kWakeThreshold; });
        lock.unlock();
        writeOut();
        lock.lock();
    }
}

void AccessLogWriter::writeOut() {
    std::lock_guard output(m_outputMutex);
    qint64 dropped = 0;
    {
        std::lock_guard lock(m_bufferMutex);
        if (m_buffer.isEmpty() && m_dropped == 0)
            return;
        m_spare.resize(0);
        m_buffer.swap(m_spare); // both keep their capacity: no allocation in steady state
        dropped = std::exchange(m_dropped, 0);
    }
    if (dropped > 0) {
        LineBuffer line;
        append(line, "{\"ts\":");
        appendTimestamp(line, nowMillis());
        append(line, ",\"dropped\":");
        appendNumber(line, dropped);
        append(line, "}\n");
        m_spare.append(line.constData(), line.size());
    }
    if (m_file) {
        std::fwrite(m_spare.constData(), 1, static_cast<size_t>(m_spare.size()), m_file);
        std::fflush(m_file);
    } else if (m_device) {
        m_device->write(m_spare);
        if (auto* file = qobject_cast<QFileDevice*>(m_device))
            file->flush();
    }
}

} // namespace gatehouse::http
