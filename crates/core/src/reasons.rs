//! Reasons for leaving: the three groups of seed 003 (step 2), which reasons can be won back,
//! and which call for a call at once (DOMAIN.md, "Reasons for leaving").

use serde::{Deserialize, Serialize};

/// The group of a reason (seed 003, step 2).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum ReasonGroup {
    /// Competitors' actions: a lower price, better payment terms, a better offer.
    Competitors,
    /// The company's own actions or inaction: quality, delivery, service, a manager's mistake.
    Company,
    /// Outside factors: closed down, bankrupt, moved, no longer needs it, the contact changed.
    Outside,
    /// Not sorted: no keyword matched (the user can move it).
    #[default]
    Unsorted,
}

impl ReasonGroup {
    /// The four, in the order of seed 003, unsorted last.
    pub const ALL: [ReasonGroup; 4] = [
        ReasonGroup::Competitors,
        ReasonGroup::Company,
        ReasonGroup::Outside,
        ReasonGroup::Unsorted,
    ];

    /// The key scripts read.
    pub fn key(self) -> &'static str {
        match self {
            ReasonGroup::Competitors => "competitors",
            ReasonGroup::Company => "company",
            ReasonGroup::Outside => "outside",
            ReasonGroup::Unsorted => "unsorted",
        }
    }

    /// The group from its key.
    pub fn from_key(key: &str) -> Option<ReasonGroup> {
        ReasonGroup::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// What a reason means for the call list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonRule {
    /// The group.
    pub group: ReasonGroup,
    /// Whether a client who left for it can be won back (closing down, bankruptcy, moving
    /// away and "no longer needs it" cannot: seeds 000, 002 rule 9).
    pub winnable: bool,
    /// Whether to call at once: the contact person changed (seed 002, rule 17).
    pub urgent: bool,
}

/// The user's decision on one reason, kept with the data and sent to the analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonOverride {
    /// The reason as written in the data.
    pub reason: String,
    /// The group the user put it in.
    pub group: ReasonGroup,
    /// Whether a client who left for it can be won back.
    pub winnable: bool,
}

/// Keywords (lower case, Russian and English) and what they mean, checked in this order: the
/// first that the reason contains decides.
const KEYWORDS: &[(&[&str], ReasonGroup, bool, bool)] = &[
    // Outside, cannot be won back: closed, bankrupt, moved, no longer needs it.
    (
        &[
            "закры",
            "ликвид",
            "банкрот",
            "прекратил деятельност",
            "переех",
            "переезд",
            "не нужн",
            "больше не нуж",
            "нет потребност",
            "не нуждается",
            "closed",
            "closing",
            "shut down",
            "out of business",
            "bankrupt",
            "liquidat",
            "moved",
            "relocat",
            "no longer need",
            "no need",
            "doesn't need",
            "does not need",
        ],
        ReasonGroup::Outside,
        false,
        false,
    ),
    // Outside, call at once: the contact person, the buyer, the owner or management changed.
    (
        &[
            "закупщик",
            "контактн",
            "лпр",
            "лица, принимавш",
            "лицо, принимавш",
            "собственник",
            "руководств",
            "управленческ",
            "директор",
            "contact person",
            "new buyer",
            "buyer changed",
            "buyer left",
            "decision maker",
            "new owner",
            "new management",
            "management change",
        ],
        ReasonGroup::Outside,
        true,
        true,
    ),
    // The company's own price rise is its own action.
    (
        &[
            "повышени",
            "подняли цен",
            "рост цен",
            "price increase",
            "raised price",
            "price rise",
        ],
        ReasonGroup::Company,
        true,
        false,
    ),
    // Competitors' actions.
    (
        &[
            "конкурент",
            "цен",
            "дешев",
            "скидк",
            "отсрочк",
            "условия оплаты",
            "лучшие условия",
            "выгодн",
            "предложени",
            "поставщик",
            "перешёл",
            "перешел",
            "ушёл к",
            "ушел к",
            "competitor",
            "price",
            "cheaper",
            "discount",
            "payment terms",
            "better offer",
            "better deal",
            "better terms",
            "another supplier",
            "switched",
        ],
        ReasonGroup::Competitors,
        true,
        false,
    ),
    // The company's own actions or inaction.
    (
        &[
            "качеств",
            "брак",
            "срок",
            "доставк",
            "поставк",
            "поставок",
            "некомплект",
            "сервис",
            "обслуживан",
            "менеджер",
            "ошибк",
            "жалоб",
            "груб",
            "перезвон",
            "недовол",
            "обещ",
            "обязательств",
            "персонал",
            "ассортимент",
            "нет в наличии",
            "quality",
            "deadline",
            "defect",
            "late",
            "delay",
            "delivery",
            "service",
            "manager",
            "mistake",
            "error",
            "complaint",
            "rude",
            "unhappy",
            "dissatisfied",
            "out of stock",
            "staff",
        ],
        ReasonGroup::Company,
        true,
        false,
    ),
    // Outside factors that may pass.
    (
        &[
            "кризис",
            "эконом",
            "санкци",
            "закон",
            "форс-мажор",
            "сезон",
            "технолог",
            "crisis",
            "econom",
            "sanction",
            "regulat",
            "law",
            "force majeure",
            "season",
            "technolog",
        ],
        ReasonGroup::Outside,
        true,
        false,
    ),
];

/// How a reason is read by default: its group from the keywords it contains (unknown ones
/// are "not sorted" and can be won back).
pub fn classify(reason: &str) -> ReasonRule {
    let text = reason.to_lowercase();
    KEYWORDS
        .iter()
        .find(|(words, ..)| words.iter().any(|w| text.contains(w)))
        .map_or(
            ReasonRule {
                group: ReasonGroup::Unsorted,
                winnable: true,
                urgent: false,
            },
            |&(_, group, winnable, urgent)| ReasonRule {
                group,
                winnable,
                urgent,
            },
        )
}

/// How a reason is read with the user's decisions: theirs when they made one (matched without
/// regard to case and surrounding spaces), else [`classify`].
pub fn rule_for(reason: &str, overrides: &[ReasonOverride]) -> ReasonRule {
    let key = reason.trim().to_lowercase();
    let default = classify(reason);
    match overrides
        .iter()
        .find(|o| o.reason.trim().to_lowercase() == key)
    {
        Some(o) => ReasonRule {
            group: o.group,
            winnable: o.winnable,
            // A contact change stays urgent only where the user keeps it winnable.
            urgent: default.urgent && o.winnable,
        },
        None => default,
    }
}

/// Reasons to suggest when there is no data (seed 003, step 2): the seeds' own examples, in
/// Russian and English, each with its group.
pub const SUGGESTED: &[(&str, &str)] = &[
    (
        "Конкурент предложил цену ниже",
        "A competitor offered a lower price",
    ),
    (
        "Конкурент предложил лучшие условия оплаты",
        "A competitor offered better payment terms",
    ),
    (
        "У конкурентов услуги лучше",
        "Competitors' services are better",
    ),
    ("Несоблюдение сроков", "Missed deadlines"),
    ("Плохое качество", "Poor quality"),
    ("Медленная реакция на жалобы", "Slow response to complaints"),
    (
        "Менеджер обещает перезвонить и пропадает",
        "The manager promises to call back and vanishes",
    ),
    ("Повышение цен", "Our price increase"),
    (
        "Сменился закупщик (ЛПР)",
        "The buyer (decision maker) changed",
    ),
    ("Экономический кризис", "Economic crisis"),
    ("Закрыл бизнес", "Closed the business"),
    ("Переехал", "Moved away"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn group(r: &str) -> ReasonGroup {
        classify(r).group
    }

    #[test]
    fn the_seeds_examples_fall_in_their_groups() {
        // Seed 003, step 2: what competitors offer.
        for r in [
            "более низкую цену",
            "более привлекательные условия оплаты",
            "лучшие условия по сделке",
            "у конкурентов услуги лучше",
            "Ушёл к конкуренту",
            "Цена выше рынка",
        ] {
            assert_eq!(group(r), ReasonGroup::Competitors, "{r}");
        }
        // The survey of reasons to change suppliers: the company's own doing.
        for r in [
            "несоблюдение сроков",
            "плохое качество",
            "несоблюдение договорных обязательств",
            "слишком медленная реакция на жалобы",
            "повышение цен",
            "Менеджер обещает перезвонить — и ни ответа ни привета",
            "Сроки поставки",
            "Недоволен качеством",
            "Некомплектность поставок",
        ] {
            assert_eq!(group(r), ReasonGroup::Company, "{r}");
        }
        // Outside factors.
        for r in [
            "Закрыл бизнес",
            "банкротство",
            "Переехал в другой город",
            "форс-мажор",
        ] {
            assert_eq!(group(r), ReasonGroup::Outside, "{r}");
        }
        assert_eq!(group("Ну не нравишься ты мне!"), ReasonGroup::Unsorted);
        assert_eq!(group("Found a cheaper supplier"), ReasonGroup::Competitors);
        assert_eq!(group("Late deliveries"), ReasonGroup::Company);
    }

    #[test]
    fn closing_down_cannot_be_won_back_and_a_new_contact_is_called_at_once() {
        for r in [
            "Закрыл бизнес",
            "Банкрот",
            "Переехал",
            "Больше не нужно",
            "Closed down",
            "No longer needs it",
        ] {
            assert!(!classify(r).winnable, "{r}");
        }
        for r in [
            "Сменился закупщик",
            "смена собственника",
            "The contact person left",
        ] {
            let rule = classify(r);
            assert!(rule.winnable && rule.urgent, "{r}");
            assert_eq!(rule.group, ReasonGroup::Outside);
        }
        assert!(classify("Ушёл к конкуренту").winnable);
        assert!(!classify("Ушёл к конкуренту").urgent);
    }

    #[test]
    fn the_users_decision_wins() {
        let overrides = [ReasonOverride {
            reason: "закрыл бизнес ".into(),
            group: ReasonGroup::Company,
            winnable: true,
        }];
        let rule = rule_for("Закрыл бизнес", &overrides);
        assert_eq!(rule.group, ReasonGroup::Company);
        assert!(rule.winnable);
        assert_eq!(rule_for("Переехал", &overrides), classify("Переехал"));
    }

    #[test]
    fn every_suggested_reason_is_sorted() {
        for (ru, en) in SUGGESTED {
            assert_ne!(group(ru), ReasonGroup::Unsorted, "{ru}");
            assert_eq!(group(ru), group(en), "{ru} / {en}");
        }
    }
}
