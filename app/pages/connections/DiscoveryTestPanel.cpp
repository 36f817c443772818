#include "app/pages/connections/DiscoveryTestPanel.h"

#include "models/connections/DiscoveryProbe.h"
#include "widgets/Icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

namespace {

// URLs have no spaces to wrap at: a zero-width space after each slash lets a narrow panel
// break them there instead of growing wider than the window.
QString breakable(const QString& text) {
    QString escaped = text.toHtmlEscaped();
    return escaped.replace(u'/', u"/\u200B"_s);
}

QString row(const QString& name, const QString& value) {
    return u"<tr><td style='padding-right:8px'>%1</td><td>%2</td></tr>"_s.arg(
        name.toHtmlEscaped(), value.isEmpty() ? DiscoveryTestPanel::tr("—") : breakable(value));
}

} // namespace

DiscoveryTestPanel::DiscoveryTestPanel(client::DiscoveryProbe& probe, QWidget* parent)
    : QWidget(parent)
    , m_probe(probe)
    , m_test(new QPushButton(widgets::icon(u"test"_s), tr("&Test"), this))
    , m_busy(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
    , m_result(new QLabel(this)) {
    setObjectName(u"discoveryTest"_s);
    m_test->setObjectName(u"test"_s);
    m_test->setToolTip(tr("Fetch the provider's discovery document from this computer and "
                          "check it as the server will"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumSize(120, 12);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_cancel->setObjectName(u"cancelTest"_s);
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();
    m_result->setObjectName(u"testResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setAttribute(Qt::WA_StyledBackground);
    m_result->hide();
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_test);
    buttons->addWidget(m_busy);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_result);

    connect(m_test, &QPushButton::clicked, this, &DiscoveryTestPanel::testRequested);
    connect(m_cancel, &QToolButton::clicked, &m_probe, &client::DiscoveryProbe::cancel);
    connect(&m_probe, &client::DiscoveryProbe::started, this, [this](const QUrl& url) {
        m_succeeded = false;
        m_busy->show();
        m_cancel->show();
        m_result->setStyleSheet({});
        m_result->setText(tr("Fetching %1…").arg(breakable(url.toString())));
        m_result->show();
    });
    connect(&m_probe, &client::DiscoveryProbe::finished, this, &DiscoveryTestPanel::showResult);
}

void DiscoveryTestPanel::clear() {
    m_succeeded = false;
    m_result->clear();
    m_result->hide();
}

void DiscoveryTestPanel::showResult(const client::DiscoveryResult& result) {
    m_busy->hide();
    m_cancel->hide();
    m_succeeded = result.ok();
    const QString frame = u"QLabel { border-radius:4px; padding:6px; %1 }"_s;
    if (result.outcome == client::DiscoveryResult::Outcome::Cancelled) {
        m_result->setStyleSheet({});
        m_result->setText(tr("Test cancelled."));
        return;
    }
    if (!result.ok()) {
        m_result->setStyleSheet(frame.arg(u"background:#fdecea; border:1px solid #f1aeb5;"_s));
        m_result->setText(tr("<b>The test failed.</b> %1<br>%2<br><small>%3</small>")
                              .arg(breakable(result.error), breakable(result.hint),
                                   breakable(result.url.toString())));
        return;
    }
    const client::DiscoveryDocument& document = result.document;
    m_result->setStyleSheet(frame.arg(u"background:#e9f6ec; border:1px solid #9fd3ab;"_s));
    m_result->setText(tr("<b>The provider answers and its discovery document is usable.</b>") +
                      u"<table style='margin-top:4px'>"_s + row(tr("Issuer"), document.issuer) +
                      row(tr("Authorization"), document.authorizationEndpoint) +
                      row(tr("Token"), document.tokenEndpoint) +
                      row(tr("User info"), document.userinfoEndpoint) +
                      row(tr("JWKS"), document.jwksUri) +
                      row(tr("Scopes"), document.scopesSupported.join(u' ')) + u"</table>"_s);
}

} // namespace gatehouse::app
