#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace gatehouse::client {
class DiscoveryProbe;
struct DiscoveryResult;
} // namespace gatehouse::client

namespace gatehouse::app {

// "Test" for an upstream OIDC connection: the button, a busy bar with Cancel while the
// discovery document is fetched (client::DiscoveryProbe), and what came back: the issuer and
// endpoints, or what went wrong and what to do about it.
class DiscoveryTestPanel final : public QWidget {
    Q_OBJECT

public:
    DiscoveryTestPanel(client::DiscoveryProbe& probe, QWidget* parent = nullptr);

    void clear();
    [[nodiscard]] QPushButton* testButton() const { return m_test; }
    [[nodiscard]] QToolButton* cancelButton() const { return m_cancel; }
    [[nodiscard]] QLabel* resultLabel() const { return m_result; }
    // Whether the last test finished successfully (false while one runs).
    [[nodiscard]] bool succeeded() const { return m_succeeded; }

Q_SIGNALS:
    void testRequested();

private:
    void showResult(const client::DiscoveryResult& result);

    client::DiscoveryProbe& m_probe;
    QPushButton* m_test;
    QProgressBar* m_busy;
    QToolButton* m_cancel;
    QLabel* m_result;
    bool m_succeeded = false;
};

} // namespace gatehouse::app
