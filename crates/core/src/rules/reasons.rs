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

/// A cue in a reason's text, after [`normalize`]: `=word` is a whole word, `^stem` the start
/// of a word, anything else a phrase anywhere in the text.
type Cue = &'static str;

/// Competitors' actions: a lower price, better terms, a better offer, going to another
/// supplier (seed 003, step 2, the first group).
const COMPETITORS: &[Cue] = &[
    "^конкурент",
    "^демпинг",
    "другому поставщику",
    "другого поставщика",
    "другой поставщик",
    "сменил поставщика",
    "сменили поставщика",
    "^перехват",
    "^перемани",
    "=цена",
    "=цены",
    "=цену",
    "=ценой",
    "=ценам",
    "=ценах",
    "=цен",
    "^дешевл",
    "^дорог",
    "^скидк",
    "^отсрочк",
    "условия оплаты",
    "условиями оплаты",
    "лучшие условия",
    "выгодное предложение",
    "более выгодн",
    "^competitor",
    "another supplier",
    "other supplier",
    "=price",
    "=prices",
    "=pricing",
    "^cheaper",
    "^expensive",
    "^discount",
    "payment terms",
    "better offer",
    "better deal",
    "better terms",
    "^dumping",
    "^poach",
];

/// The company's own price rise: its own action, not a competitor's.
const PRICE_RISE: &[Cue] = &[
    "повышение цен",
    "повышения цен",
    "подняли цен",
    "подняли цены",
    "рост цен",
    "цены выросли",
    "выросли цены",
    "price increase",
    "prices went up",
    "raised price",
    "raised our price",
    "price rise",
];

/// Who decides at the client: a change of them calls for a call at once (seed 002, rule 17).
const CONTACT_ROLES: &[Cue] = &[
    "^закупщик",
    "^контакт",
    "=лпр",
    "лиц принимавш",
    "лица принимавш",
    "лицо принимавш",
    "^директор",
    "^руководств",
    "^руководител",
    "^собственник",
    "^владел",
    "менеджер по закупкам",
    "^снабжен",
    "ключевые сотрудники",
    "^contact",
    "=buyer",
    "decision maker",
    "=owner",
    "=owners",
    "^management",
    "^procurement",
    "^purchasing",
];

/// Words of a change of people.
const CONTACT_CHANGES: &[Cue] = &[
    "^смен",
    "^сменил",
    "^нов",
    "^уволил",
    "^ушел",
    "^ушла",
    "^ушли",
    "^покину",
    "^покида",
    "^уход",
    "^теря",
    "^потеря",
    "^changed",
    "^change",
    "=new",
    "=left",
    "^quit",
    "^replaced",
    "=lost",
    "^retired",
    "^пенси",
];

/// The company's own actions or inaction: quality, delivery, service, a manager's mistake
/// (seed 003, step 2, the second group).
const COMPANY: &[Cue] = &[
    "^качеств",
    "^брак",
    "^срок",
    "^доставк",
    "^поставк",
    "^поставок",
    "^поставщик",
    "^некомплект",
    "^отгрузк",
    "^перебо",
    "^сервис",
    "^обслуживан",
    "^менеджер",
    "^ошибк",
    "^ошибл",
    "^жалоб",
    "^претензи",
    "^груб",
    "^хам",
    "^перезвон",
    "^недовол",
    "^обещ",
    "^обязательств",
    "^договоренност",
    "условия договор",
    "^персонал",
    "^ассортимент",
    "нет в наличии",
    "отсутствие товара",
    "на складе",
    "нет товара",
    "^реклам",
    "^обман",
    "ноу хау",
    "^косяк",
    "^quality",
    "^defect",
    "=late",
    "^delay",
    "^deliver",
    "^deadline",
    "^service",
    "^support",
    "^manager",
    "^mistake",
    "^error",
    "^complain",
    "^rude",
    "^unhappy",
    "^dissatisf",
    "out of stock",
    "=staff",
    "broken promise",
    "^mislead",
    "^flaw",
];

/// Outside factors after which there is nobody to win back: closed down, bankrupt, moved
/// away, no longer needs it (seeds 000, 002 rule 9).
const GONE: &[Cue] = &[
    "закрыл бизнес",
    "закрыли бизнес",
    "бизнес закрыт",
    "закрытие бизнеса",
    "закрытие компании",
    "^закрылс",
    "^закрылась",
    "^закрылись",
    "^ликвидир",
    "^ликвидац",
    "^банкрот",
    "прекратил деятельност",
    "прекратила деятельност",
    "прекратили деятельност",
    "прекратили работу",
    "^сверну",
    "^переехал",
    "^переезд",
    "^уехал",
    "не нуж",
    "нет необходимост",
    "нет потребност",
    "потребность отпала",
    "closed down",
    "shut down",
    "out of business",
    "^bankrupt",
    "^liquidat",
    "business closed",
    "closed the business",
    "closed their business",
    "moved away",
    "=relocated",
    "no longer need",
    "doesn t need",
    "does not need",
    "no need for",
];

/// Outside factors that may pass (seed 003, step 2, the third group: PESTEL, substitutes).
const OUTSIDE: &[Cue] = &[
    "^кризис",
    "^эконом",
    "^санкци",
    "^закон",
    "форс мажор",
    "^сезон",
    "^технолог",
    "^лиценз",
    "^пандем",
    "^crisis",
    "^econom",
    "^sanction",
    "^regulat",
    "^legislat",
    "force majeure",
    "^season",
    "^technolog",
    "^licen",
    "^pandemic",
];

/// Lower case for the letters reasons are written in: Latin (with Latin-1's accented
/// letters) and Cyrillic; other letters stay as they are. Without the whole Unicode case
/// table, which the blog embed's small module would otherwise carry.
pub fn lower(text: &str) -> String {
    text.chars()
        .map(|c| {
            let shift = match c {
                'A'..='Z' | 'А'..='Я' => 0x20,
                'À'..='Þ' if c != '×' => 0x20,
                'Ѐ'..='Џ' => 0x50,
                _ => 0,
            };
            char::from_u32(c as u32 + shift).unwrap_or(c)
        })
        .collect()
}

/// Whether a character belongs to a word: ASCII letters and digits, and any character past
/// Latin-1's symbols except the multiplication and division signs and general punctuation
/// (dashes, quotes, ellipsis). Close to `char::is_alphanumeric` for the scripts reasons are
/// written in, without its Unicode table.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (c >= 'À' && c != '×' && c != '÷' && !('\u{2000}'..='\u{206F}').contains(&c))
}

/// Lower case, `ё` as `е`, every run of punctuation and space one space.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in lower(text).chars() {
        let c = if c == 'ё' { 'е' } else { c };
        if is_word_char(c) {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

/// Whether the normalized text holds any of the cues.
fn any(text: &str, cues: &[Cue]) -> bool {
    cues.iter().any(|cue| {
        if let Some(word) = cue.strip_prefix('=') {
            text.split(' ').any(|w| w == word)
        } else if let Some(stem) = cue.strip_prefix('^') {
            text.split(' ').any(|w| w.starts_with(stem))
        } else {
            text.contains(cue)
        }
    })
}

/// How a reason is read by default, from the words it holds, in this order: a competitor's
/// action; the company's own price rise; a change of the person who decides (call at once);
/// the company's own action; closing down, bankruptcy, moving away or "no longer needs it"
/// (cannot be won back); another outside factor. Anything else is "not sorted".
pub fn classify(reason: &str) -> ReasonRule {
    let text = normalize(reason);
    let rule = |group, winnable, urgent| ReasonRule {
        group,
        winnable,
        urgent,
    };
    if any(&text, PRICE_RISE) {
        rule(ReasonGroup::Company, true, false)
    } else if any(&text, COMPETITORS) {
        rule(ReasonGroup::Competitors, true, false)
    } else if any(&text, CONTACT_ROLES) && any(&text, CONTACT_CHANGES) {
        rule(ReasonGroup::Outside, true, true)
    } else if any(&text, COMPANY) {
        rule(ReasonGroup::Company, true, false)
    } else if any(&text, GONE) {
        rule(ReasonGroup::Outside, false, false)
    } else if any(&text, OUTSIDE) {
        rule(ReasonGroup::Outside, true, false)
    } else {
        rule(ReasonGroup::Unsorted, true, false)
    }
}

impl ReasonOverride {
    /// Whether this decision is about `reason`: the same text without regard to case and
    /// surrounding spaces.
    pub fn is_about(&self, reason: &str) -> bool {
        lower(self.reason.trim()) == lower(reason.trim())
    }
}

/// The user's decision on a reason, if they made one.
pub fn decision<'a>(overrides: &'a [ReasonOverride], reason: &str) -> Option<&'a ReasonOverride> {
    overrides.iter().find(|o| o.is_about(reason))
}

/// The decisions with `new` in place of any earlier one on the same reason.
pub fn decide(overrides: &[ReasonOverride], new: ReasonOverride) -> Vec<ReasonOverride> {
    let mut out: Vec<ReasonOverride> = overrides
        .iter()
        .filter(|o| !o.is_about(&new.reason))
        .cloned()
        .collect();
    out.push(new);
    out
}

/// How a reason is read with the user's decisions: theirs when they made one (matched without
/// regard to case and surrounding spaces), else [`classify`].
pub fn rule_for(reason: &str, overrides: &[ReasonOverride]) -> ReasonRule {
    let default = classify(reason);
    match decision(overrides, reason) {
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

    use ReasonGroup::{Company, Competitors, Outside, Unsorted};

    /// (reason, group, can be won back, call at once): the seeds' own words first, then the
    /// phrasings a substring match used to get wrong.
    const CASES: &[(&str, ReasonGroup, bool, bool)] = &[
        // Seed 003, step 2, what competitors offer.
        ("более низкую цену", Competitors, true, false),
        (
            "более привлекательные условия оплаты",
            Competitors,
            true,
            false,
        ),
        ("лучшие условия по сделке", Competitors, true, false),
        ("у конкурентов услуги лучше", Competitors, true, false),
        ("Демпинг конкурентов", Competitors, true, false),
        // Seed 003: the survey of reasons to change suppliers (the company's own doing).
        ("несоблюдение сроков", Company, true, false),
        ("плохое качество", Company, true, false),
        ("несоблюдение договорных обязательств", Company, true, false),
        (
            "недостаточное желание поставщика предоставлять дополнительные услуги",
            Company,
            true,
            false,
        ),
        ("повышение цен", Company, true, false),
        ("передача ноу-хау третьим лицам", Company, true, false),
        ("слишком медленная реакция на жалобы", Company, true, false),
        ("экономические трудности поставщика", Company, true, false),
        ("смена персонала", Company, true, false),
        (
            "Менеджер обещает перезвонить — и ни ответа ни привета",
            Company,
            true,
            false,
        ),
        ("Ваша реклама — сплошной обман", Company, true, false),
        // Seed 003: the furniture supplier's 42 clients.
        ("Перебои с поставками", Company, true, false),
        ("Некомплектность поставок", Company, true, false),
        ("Отсутствие товара на складе", Company, true, false),
        (
            "Косяки менеджеров по продаже с документами и условиями",
            Company,
            true,
            false,
        ),
        // Seed 002, rule 17, and seed 003: the people who decide change.
        (
            "уход из компании клиента лиц, принимавших решение",
            Outside,
            true,
            true,
        ),
        (
            "ключевые сотрудники покидают компанию, и мы теряем с ней контакт",
            Outside,
            true,
            true,
        ),
        ("Сменился закупщик", Outside, true, true),
        ("смена собственника", Outside, true, true),
        ("Сменился владелец", Outside, true, true),
        ("Уволился наш контакт", Outside, true, true),
        ("Сменился менеджер по закупкам", Outside, true, true),
        ("Key contact left", Outside, true, true),
        ("New procurement manager", Outside, true, true),
        // Nobody to win back (seeds 000, 002 rule 9).
        ("Закрыл бизнес", Outside, false, false),
        ("Банкротство", Outside, false, false),
        ("Переехал в другой город", Outside, false, false),
        ("Больше не нужно", Outside, false, false),
        ("Продукт не нужен", Outside, false, false),
        ("ваш продукт ему не нужен, невыгоден", Outside, false, false),
        ("Нет необходимости", Outside, false, false),
        ("Потребность отпала", Outside, false, false),
        ("Прекратили работу", Outside, false, false),
        (
            "свернули деятельность в вашем регионе",
            Outside,
            false,
            false,
        ),
        ("Closed down", Outside, false, false),
        ("No longer needs it", Outside, false, false),
        // Outside factors that pass.
        ("форс-мажор", Outside, true, false),
        ("Экономический кризис", Outside, true, false),
        ("Отозвали лицензию", Outside, true, false),
        // Words that once misled: a competitor or the company's own fault, not a closing.
        ("Moved to a competitor", Competitors, true, false),
        ("Moved to another supplier", Competitors, true, false),
        (
            "Closed the deal with a competitor",
            Competitors,
            true,
            false,
        ),
        (
            "No need to wait: competitor delivers faster",
            Competitors,
            true,
            false,
        ),
        (
            "Closed their account with us after a complaint",
            Company,
            true,
            false,
        ),
        (
            "Relocation of our warehouse delayed deliveries",
            Company,
            true,
            false,
        ),
        ("Закрыли договор из-за срыва сроков", Company, true, false),
        ("Менеджер навязывал не нужные услуги", Company, true, false),
        ("Директор недоволен качеством", Company, true, false),
        ("Руководство недовольно сервисом", Company, true, false),
        ("Высокий процент брака", Company, true, false),
        ("Не ценят клиента", Unsorted, true, false),
        ("Product flaws", Company, true, false),
        ("Цены выросли", Company, true, false),
        ("Prices went up", Company, true, false),
        ("Дорого", Competitors, true, false),
        ("Too expensive", Competitors, true, false),
        ("Цена выше рынка", Competitors, true, false),
        ("Ушёл к конкуренту", Competitors, true, false),
        ("Found a cheaper supplier", Competitors, true, false),
        ("Poor support", Company, true, false),
        ("Late deliveries", Company, true, false),
        ("Сроки поставки", Company, true, false),
        ("Недоволен качеством", Company, true, false),
        ("Ну не нравишься ты мне!", Unsorted, true, false),
    ];

    #[test]
    fn the_seeds_reasons_and_their_misleading_cousins_fall_where_they_belong() {
        let wrong: Vec<String> = CASES
            .iter()
            .filter(|(r, g, w, u)| {
                classify(r)
                    != ReasonRule {
                        group: *g,
                        winnable: *w,
                        urgent: *u,
                    }
            })
            .map(|(r, ..)| format!("{r}: {:?}", classify(r)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
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
        // A new decision on the same reason replaces the earlier one.
        let again = decide(
            &overrides,
            ReasonOverride {
                reason: "Закрыл бизнес".into(),
                group: ReasonGroup::Outside,
                winnable: false,
            },
        );
        assert_eq!(again.len(), 1);
        assert!(!rule_for("закрыл бизнес", &again).winnable);
    }

    #[test]
    fn lower_case_is_the_unicode_one_for_latin_and_cyrillic() {
        let text = "ABCXYZ ÀÉÖØÞ × АБВЁЯЂЏ ÄÖÜ Straße 123 ΑΒΓ";
        assert_eq!(lower(text), "abcxyz àéöøþ × абвёяђџ äöü straße 123 ΑΒΓ");
        let cyrillic_and_latin: String = ('A'..='Z').chain('À'..='Þ').chain('Ѐ'..='Я').collect();
        assert_eq!(
            lower(&cyrillic_and_latin),
            cyrillic_and_latin.to_lowercase()
        );
    }

    #[test]
    fn every_suggested_reason_is_sorted() {
        for (ru, en) in SUGGESTED {
            assert_ne!(group(ru), ReasonGroup::Unsorted, "{ru}");
            assert_eq!(group(ru), group(en), "{ru} / {en}");
        }
    }
}
