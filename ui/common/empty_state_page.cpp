#include "ui/common/empty_state_page.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace envdesk::ui {

namespace {

constexpr int kIconSize = 64;
constexpr int kTextWidth = 480;

} // namespace

EmptyStatePage::EmptyStatePage(const QString& title, const QString& description, QWidget* parent)
    : QWidget(parent)
{
    m_icon = new QLabel(this);
    m_icon->setObjectName(QStringLiteral("pageIcon"));
    m_icon->setAlignment(Qt::AlignCenter);

    auto* titleLabel = new QLabel(title, this);
    titleLabel->setObjectName(QStringLiteral("pageTitle"));
    titleLabel->setAlignment(Qt::AlignCenter);
    QFont titleFont = titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    titleLabel->setFont(titleFont);

    auto* descriptionLabel = new QLabel(description, this);
    descriptionLabel->setObjectName(QStringLiteral("pageDescription"));
    descriptionLabel->setAlignment(Qt::AlignCenter);
    descriptionLabel->setWordWrap(true);
    descriptionLabel->setMaximumWidth(kTextWidth);
    descriptionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Centred by stretches rather than by alignment, so the label keeps the full width it may
    // have and wraps to it.
    auto* descriptionRow = new QHBoxLayout;
    descriptionRow->addStretch();
    descriptionRow->addWidget(descriptionLabel, 1);
    descriptionRow->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->addStretch(2);
    layout->addWidget(m_icon);
    layout->addSpacing(12);
    layout->addWidget(titleLabel);
    layout->addSpacing(4);
    layout->addLayout(descriptionRow);
    layout->addStretch(3);
}

void EmptyStatePage::setIcon(const QIcon& icon)
{
    m_icon->setPixmap(
        icon.pixmap(QSize(kIconSize, kIconSize), devicePixelRatioF(), QIcon::Disabled));
}

} // namespace envdesk::ui
