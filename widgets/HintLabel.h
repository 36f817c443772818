#pragma once

#include <QLabel>

namespace gatehouse::widgets {

// The small grey explanation under a form field or above a list ("Shown on the tenant's login
// pages…"): wrapped, in the placeholder colour, aligned to the top so that it stays against its
// field when the layout gives it more height than its lines need.
[[nodiscard]] QLabel* hintLabel(const QString& text, QWidget* parent);

} // namespace gatehouse::widgets
