//! The win-back plan's words (seed 003), in both languages: the app's plan page and the
//! blog embed's plan (`src/embed_plan.rs`) say the same.

use super::Tool;
use crate::abc::Abc;
use crate::format::Lang;

/// Every text of the plan's screens.
#[derive(Debug)]
pub struct Words {
    /// "Calls"
    pub tool_calls: &'static str,
    /// "Letters (direct mail)"
    pub tool_letters: &'static str,
    /// "Meetings"
    pub tool_meetings: &'static str,
    /// "An event"
    pub tool_events: &'static str,
    /// "Mass channels"
    pub tool_mass: &'static str,
    /// "SMS"
    pub tool_sms: &'static str,
    /// "E-mail"
    pub tool_email: &'static str,
    /// "Phone, Skype or video, with a script; made by you, never by a call centre."
    pub hint_calls: &'static str,
    /// "A personal letter, better by hand and signed by the director; a letter with a gift is stronger."
    pub hint_letters: &'static str,
    /// "The most effective tool: think over who comes, where, when and what you promise."
    pub hint_meetings: &'static str,
    /// "Invite everyone who left: say what went wrong, how you fixed it, and make an offer."
    pub hint_events: &'static str,
    /// "Advertising and PR in the media, blogs, forums, social networks."
    pub hint_mass: &'static str,
    /// "Ask them to come back by name, not 'new collection' again."
    pub hint_sms: &'static str,
    /// "A letter that asks them back, with a reason to return; track the results."
    pub hint_email: &'static str,
    /// "fight these first"
    pub abc_a: &'static str,
    /// "soon"
    pub abc_b: &'static str,
    /// "can wait"
    pub abc_c: &'static str,
    /// "From the data,"
    pub from_data_lead: &'static str,
    /// "clients lost in the period"
    pub clients_lost_in_period: &'static str,
    /// "No data analysed yet: the quick calculator's numbers stand in."
    pub no_data_analysed_yet: &'static str,
    /// "From the quick calculator's numbers: clients lost × average check × purchases a year."
    pub from_quick_numbers: &'static str,
    /// "1. How many clients do you lose a year?"
    pub step1_how_many_clients: &'static str,
    /// "Take the losses from"
    pub take_losses_from: &'static str,
    /// "the numbers below (quick calculator)"
    pub numbers_below_quick_calculator: &'static str,
    /// "the loaded data"
    pub loaded_data: &'static str,
    /// "the loaded data (none analysed yet)"
    pub loaded_data_none_analysed: &'static str,
    /// "Clients in the base"
    pub clients_in_base: &'static str,
    /// "Clients lost a year"
    pub lost_a_year_input: &'static str,
    /// "Average check"
    pub average_check: &'static str,
    /// "Purchases a year"
    pub purchases_a_year: &'static str,
    /// "Clients lost a year"
    pub clients_lost_a_year: &'static str,
    /// "Share of the base"
    pub share_of_base: &'static str,
    /// "Money a year"
    pub money_a_year: &'static str,
    /// "call at once: the contact changed"
    pub urgent_badge: &'static str,
    /// "let go"
    pub let_go_badge: &'static str,
    /// "Group"
    pub group: &'static str,
    /// "can be won back"
    pub can_be_won_back: &'static str,
    /// "Remove"
    pub remove: &'static str,
    /// "2. Why do clients leave?"
    pub step2_why_do_clients: &'static str,
    /// "Write every reason, and do not spare yourself. Each goes to a group: competitors' actions, your own actions, outside factors; change it where the words misled."
    pub write_every_reason_and: &'static str,
    /// "A reason for leaving"
    pub reason_for_leaving: &'static str,
    /// "A reason, in your words"
    pub reason_in_your_words: &'static str,
    /// "Add"
    pub add: &'static str,
    /// "Often heard:"
    pub often_heard: &'static str,
    /// "No reasons yet."
    pub no_reasons_yet: &'static str,
    /// "Clients lost for it"
    pub clients_lost_for_it: &'static str,
    /// "Money lost for it a year"
    pub money_lost_for_it: &'static str,
    /// "Not below zero."
    pub not_below_zero: &'static str,
    /// "a year"
    pub a_year: &'static str,
    /// "clients"
    pub clients: &'static str,
    /// "cannot be won back: not ranked"
    pub not_ranked: &'static str,
    /// "The reasons account for"
    pub reasons_account_for: &'static str,
    /// "of"
    pub of: &'static str,
    /// "3. Rank the reasons"
    pub step3_rank_reasons: &'static str,
    /// "Give each reason its weight: A reasons bring the first 80% of it, B the next 10%, C the rest. A: fight these first; B: soon; C: can wait."
    pub give_each_reason_its: &'static str,
    /// "Weigh the reasons in"
    pub weigh_reasons_in: &'static str,
    /// "clients"
    pub unit_clients: &'static str,
    /// "money a year"
    pub unit_money: &'static str,
    /// "Add the reasons in step 2 first."
    pub add_reasons_in_step: &'static str,
    /// "4. Pick the tools"
    pub step4_pick_tools: &'static str,
    /// "The market and the budget decide: clients won with costly tools are won back with the same. Whoever lost a client should not be the one to win them back."
    pub market_and_budget_decide: &'static str,
    /// "Market"
    pub market: &'static str,
    /// "b2b: businesses"
    pub b2b_businesses: &'static str,
    /// "b2c: consumers"
    pub b2c_consumers: &'static str,
    /// "5. Find the reason to return (r2r)"
    pub step5_find_reason_to: &'static str,
    /// "An offer they cannot refuse. It may be:"
    pub offer_they_cannot_refuse: &'static str,
    /// "The reason to return, for the whole plan"
    pub reason_to_return_for: &'static str,
    /// "Weigh the reasons in step 3 to write a reason to return for each A reason."
    pub weigh_reasons_in_step: &'static str,
    /// "…and one for each A reason:"
    pub and_one_for_each: &'static str,
    /// "call at once"
    pub call_at_once: &'static str,
    /// "The win-back plan"
    pub win_back_plan: &'static str,
    /// "Print the plan"
    pub print_plan: &'static str,
    /// "Lost a year"
    pub lost_a_year: &'static str,
    /// "of the base"
    pub of_base: &'static str,
    /// "from the data"
    pub from_data: &'static str,
    /// "from the quick calculator"
    pub from_quick_calculator: &'static str,
    /// "The losses of a year are not known yet (step 1)."
    pub losses_of_year_are: &'static str,
    /// "Reasons to fight, A first"
    pub reasons_to_fight_first: &'static str,
    /// "No reasons yet (step 2)."
    pub no_reasons_yet_step: &'static str,
    /// "Cannot be won back: let go"
    pub let_go_title: &'static str,
    /// "Tools"
    pub tools: &'static str,
    /// "None picked yet (step 4)."
    pub none_picked_yet_step: &'static str,
    /// "Reason to return"
    pub r2r_title: &'static str,
    /// "Not written yet (step 5)."
    pub not_written_yet_step: &'static str,
    /// "The link in the address bar reproduces this plan."
    pub link_in_address_bar: &'static str,
    /// "Your win-back plan in five steps"
    pub your_win_back_plan: &'static str,
    /// "No data needed: count the losses, list and group the reasons, rank them, pick the tools and find the reason to return."
    pub no_data_needed_count: &'static str,
    /// The seed's kinds of reason to return (step 5).
    pub r2r_hints: [&'static str; 4],
    /// The blog embed's button that opens the plan below its calculator.
    pub open_plan: &'static str,
}

const EN: Words = Words {
    open_plan: "Make a win-back plan from these numbers",
    r2r_hints: [
        "A guarantee it will never happen again (be sure you name the true reason they left).",
        "A special offer on price, delivery terms or service.",
        "A new product or service only you have.",
        "A personal promise: personal control and responsibility (think before you promise).",
    ],
    tool_calls: "Calls",
    tool_letters: "Letters (direct mail)",
    tool_meetings: "Meetings",
    tool_events: "An event",
    tool_mass: "Mass channels",
    tool_sms: "SMS",
    tool_email: "E-mail",
    hint_calls: "Phone, Skype or video, with a script; made by you, never by a call centre.",
    hint_letters: "A personal letter, better by hand and signed by the director; a letter with a gift is stronger.",
    hint_meetings: "The most effective tool: think over who comes, where, when and what you promise.",
    hint_events: "Invite everyone who left: say what went wrong, how you fixed it, and make an offer.",
    hint_mass: "Advertising and PR in the media, blogs, forums, social networks.",
    hint_sms: "Ask them to come back by name, not \"new collection\" again.",
    hint_email: "A letter that asks them back, with a reason to return; track the results.",
    abc_a: "fight these first",
    abc_b: "soon",
    abc_c: "can wait",
    from_data_lead: "From the data,",
    clients_lost_in_period: "clients lost in the period",
    no_data_analysed_yet: "No data analysed yet: the quick calculator's numbers stand in.",
    from_quick_numbers: "From the quick calculator's numbers: clients lost × average check × purchases a year.",
    step1_how_many_clients: "1. How many clients do you lose a year?",
    take_losses_from: "Take the losses from",
    numbers_below_quick_calculator: "the numbers below (quick calculator)",
    loaded_data: "the loaded data",
    loaded_data_none_analysed: "the loaded data (none analysed yet)",
    clients_in_base: "Clients in the base",
    lost_a_year_input: "Clients lost a year",
    average_check: "Average check",
    purchases_a_year: "Purchases a year",
    clients_lost_a_year: "Clients lost a year",
    share_of_base: "Share of the base",
    money_a_year: "Money a year",
    urgent_badge: "call at once: the contact changed",
    let_go_badge: "let go",
    group: "Group",
    can_be_won_back: "can be won back",
    remove: "Remove",
    step2_why_do_clients: "2. Why do clients leave?",
    write_every_reason_and: "Write every reason, and do not spare yourself. Each goes to a group: competitors' actions, your own actions, outside factors; change it where the words misled.",
    reason_for_leaving: "A reason for leaving",
    reason_in_your_words: "A reason, in your words",
    add: "Add",
    often_heard: "Often heard:",
    no_reasons_yet: "No reasons yet.",
    clients_lost_for_it: "Clients lost for it",
    money_lost_for_it: "Money lost for it a year",
    not_below_zero: "Not below zero.",
    a_year: "a year",
    clients: "clients",
    not_ranked: "cannot be won back: not ranked",
    reasons_account_for: "The reasons account for",
    of: "of",
    step3_rank_reasons: "3. Rank the reasons",
    give_each_reason_its: "Give each reason its weight: A reasons bring the first 80% of it, B the next 10%, C the rest. A: fight these first; B: soon; C: can wait.",
    weigh_reasons_in: "Weigh the reasons in",
    unit_clients: "clients",
    unit_money: "money a year",
    add_reasons_in_step: "Add the reasons in step 2 first.",
    step4_pick_tools: "4. Pick the tools",
    market_and_budget_decide: "The market and the budget decide: clients won with costly tools are won back with the same. Whoever lost a client should not be the one to win them back.",
    market: "Market",
    b2b_businesses: "b2b: businesses",
    b2c_consumers: "b2c: consumers",
    step5_find_reason_to: "5. Find the reason to return (r2r)",
    offer_they_cannot_refuse: "An offer they cannot refuse. It may be:",
    reason_to_return_for: "The reason to return, for the whole plan",
    weigh_reasons_in_step: "Weigh the reasons in step 3 to write a reason to return for each A reason.",
    and_one_for_each: "…and one for each A reason:",
    call_at_once: "call at once",
    win_back_plan: "The win-back plan",
    print_plan: "Print the plan",
    lost_a_year: "Lost a year",
    of_base: "of the base",
    from_data: "from the data",
    from_quick_calculator: "from the quick calculator",
    losses_of_year_are: "The losses of a year are not known yet (step 1).",
    reasons_to_fight_first: "Reasons to fight, A first",
    no_reasons_yet_step: "No reasons yet (step 2).",
    let_go_title: "Cannot be won back: let go",
    tools: "Tools",
    none_picked_yet_step: "None picked yet (step 4).",
    r2r_title: "Reason to return",
    not_written_yet_step: "Not written yet (step 5).",
    link_in_address_bar: "The link in the address bar reproduces this plan.",
    your_win_back_plan: "Your win-back plan in five steps",
    no_data_needed_count: "No data needed: count the losses, list and group the reasons, rank them, pick the tools and find the reason to return.",
};

const RU: Words = Words {
    open_plan: "Составить план возврата по этим числам",
    r2r_hints: [
        "Гарантия, что такое больше не повторится (убедитесь, что называете истинную причину ухода).",
        "Спецпредложение по цене, условиям поставки, улучшению обслуживания.",
        "Новый продукт или услуга, которые есть только у вас.",
        "Персональное обещание: личный контроль и ответственность (подумайте, прежде чем обещать).",
    ],
    tool_calls: "Звонки",
    tool_letters: "Письма (директ-мейл)",
    tool_meetings: "Встречи",
    tool_events: "Ивент",
    tool_mass: "Массовые каналы",
    tool_sms: "SMS-рассылка",
    tool_email: "E-mail-рассылка",
    hint_calls: "Телефон, Skype или видео, по сценарию; звоните сами, не через колл-центр.",
    hint_letters: "Личное письмо, лучше от руки и за подписью директора; письмо с подарком сильнее.",
    hint_meetings: "Самый эффективный инструмент: продумайте, кто придёт, где, когда и что вы обещаете.",
    hint_events: "Пригласите всех ушедших: расскажите об ошибках, как их исправили, и сделайте предложение.",
    hint_mass: "Реклама и PR в СМИ, блогах, на форумах, в соцсетях.",
    hint_sms: "Позовите вернуться по имени, а не очередной «новой коллекцией».",
    hint_email: "Письмо с просьбой вернуться и причиной вернуться; отслеживайте результат.",
    abc_a: "бороться в первую очередь",
    abc_b: "в ближайшем будущем",
    abc_c: "могут подождать",
    from_data_lead: "По данным,",
    clients_lost_in_period: "клиенты, потерянные за период",
    no_data_analysed_yet: "Данные ещё не проанализированы: пока взяты числа быстрого расчёта.",
    from_quick_numbers: "По числам быстрого расчёта: потерянные клиенты × средний чек × покупок в год.",
    step1_how_many_clients: "1. Сколько клиентов вы теряете за год?",
    take_losses_from: "Откуда взять потери",
    numbers_below_quick_calculator: "числа ниже (быстрый расчёт)",
    loaded_data: "загруженные данные",
    loaded_data_none_analysed: "загруженные данные (ещё не проанализированы)",
    clients_in_base: "Клиентов в базе",
    lost_a_year_input: "Клиентов теряется в год",
    average_check: "Средний чек",
    purchases_a_year: "Покупок в год",
    clients_lost_a_year: "Клиентов потеряно за год",
    share_of_base: "Доля клиентской базы",
    money_a_year: "В деньгах за год",
    urgent_badge: "звонить сразу: сменился контакт",
    let_go_badge: "отпустить",
    group: "Группа",
    can_be_won_back: "можно вернуть",
    remove: "Убрать",
    step2_why_do_clients: "2. Почему клиенты уходят?",
    write_every_reason_and: "Запишите все причины и не жалейте себя. Каждая попадает в группу: действия конкурентов, действия компании, внешние факторы; поправьте, если слова обманули.",
    reason_for_leaving: "Причина ухода",
    reason_in_your_words: "Причина, своими словами",
    add: "Добавить",
    often_heard: "Часто звучит:",
    no_reasons_yet: "Причин пока нет.",
    clients_lost_for_it: "Клиентов ушло по ней",
    money_lost_for_it: "Потеряно в год из-за неё",
    not_below_zero: "Не меньше нуля.",
    a_year: "в год",
    clients: "клиентов",
    not_ranked: "вернуть нельзя: не ранжируется",
    reasons_account_for: "Причины объясняют",
    of: "из",
    step3_rank_reasons: "3. Ранжируйте причины",
    give_each_reason_its: "Дайте каждой причине вес: причины A дают первые 80% веса, B — следующие 10%, C — остальное. A — бороться в первую очередь, B — в ближайшем будущем, C — могут подождать.",
    weigh_reasons_in: "Вес причин — в",
    unit_clients: "клиентах",
    unit_money: "деньгах за год",
    add_reasons_in_step: "Сначала добавьте причины в шаге 2.",
    step4_pick_tools: "4. Подберите инструменты",
    market_and_budget_decide: "Решают тип рынка и бюджет: клиентов, привлечённых дорогими инструментами, возвращают такими же. Возвращать клиента не должен тот, кто его потерял.",
    market: "Рынок",
    b2b_businesses: "b2b: компании",
    b2c_consumers: "b2c: покупатели",
    step5_find_reason_to: "5. Найдите причину вернуться (r2r)",
    offer_they_cannot_refuse: "Предложение, от которого нельзя отказаться. Это может быть:",
    reason_to_return_for: "Причина вернуться — для всего плана",
    weigh_reasons_in_step: "Задайте вес причинам в шаге 3, чтобы написать причину вернуться для каждой причины A.",
    and_one_for_each: "…и для каждой причины A:",
    call_at_once: "звонить сразу",
    win_back_plan: "План возврата клиентов",
    print_plan: "Печать плана",
    lost_a_year: "Потеряно за год",
    of_base: "базы",
    from_data: "по данным",
    from_quick_calculator: "по быстрому расчёту",
    losses_of_year_are: "Потери за год пока неизвестны (шаг 1).",
    reasons_to_fight_first: "С какими причинами бороться, A — первыми",
    no_reasons_yet_step: "Причин пока нет (шаг 2).",
    let_go_title: "Вернуть нельзя: отпустить",
    tools: "Инструменты",
    none_picked_yet_step: "Пока не выбраны (шаг 4).",
    r2r_title: "Причина вернуться",
    not_written_yet_step: "Пока не написана (шаг 5).",
    link_in_address_bar: "Ссылка в адресной строке воспроизводит этот план.",
    your_win_back_plan: "Ваш план возвращения клиентов в пять шагов",
    no_data_needed_count: "Данные не нужны: посчитайте потери, перечислите и сгруппируйте причины, ранжируйте их, подберите инструменты и найдите причину вернуться.",
};

/// The plan's words in `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
    }
}

impl Words {
    /// A tool's name.
    pub fn tool(&self, tool: Tool) -> &'static str {
        match tool {
            Tool::Calls => self.tool_calls,
            Tool::Letters => self.tool_letters,
            Tool::Meetings => self.tool_meetings,
            Tool::Events => self.tool_events,
            Tool::Mass => self.tool_mass,
            Tool::Sms => self.tool_sms,
            Tool::Email => self.tool_email,
        }
    }

    /// How to use a tool (the seed's advice).
    pub fn tool_hint(&self, tool: Tool) -> &'static str {
        match tool {
            Tool::Calls => self.hint_calls,
            Tool::Letters => self.hint_letters,
            Tool::Meetings => self.hint_meetings,
            Tool::Events => self.hint_events,
            Tool::Mass => self.hint_mass,
            Tool::Sms => self.hint_sms,
            Tool::Email => self.hint_email,
        }
    }

    /// What a class of reasons means for the plan.
    pub fn abc_meaning(&self, class: Abc) -> &'static str {
        match class {
            Abc::A => self.abc_a,
            Abc::B => self.abc_b,
            Abc::C => self.abc_c,
        }
    }
}

/// A group's name with a capital letter (`export::group_name` starts with a small one, in
/// Latin or Cyrillic; without the whole Unicode case table, which the blog embed would carry).
pub fn group_label(group: crate::reasons::ReasonGroup, lang: Lang) -> String {
    let mut chars = crate::export::group_name(group, lang).chars();
    let first = chars.next().map(|c| match c {
        'a'..='z' | 'а'..='я' => char::from_u32(c as u32 - 0x20).unwrap_or(c),
        _ => c,
    });
    first.into_iter().chain(chars).collect()
}

#[cfg(test)]
mod tests {
    use super::group_label;
    use crate::format::Lang;
    use crate::reasons::ReasonGroup;

    #[test]
    fn a_groups_label_is_its_name_with_a_capital_letter() {
        for group in ReasonGroup::ALL {
            for lang in [Lang::En, Lang::Ru] {
                let name = crate::export::group_name(group, lang);
                let mut chars = name.chars();
                let first = chars.next().unwrap().to_uppercase().to_string();
                assert_eq!(group_label(group, lang), first + chars.as_str());
            }
        }
    }
}
