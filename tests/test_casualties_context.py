"""Document context (headings, paragraphs), ``claimed_by`` and ``background`` of figures.

Sentences of our own wording that reproduce the structures of real reporting (casualty
boxes, per-party columns, reporters named in an earlier sentence, past-war totals).
"""

from __future__ import annotations

import pytest

from monitor.casualties import EXTRA_FIELDS, extract_figures
from monitor.casualties.document import DocumentContext, parse_heading


def _keys(text: str, *fields: str) -> list[tuple]:
    fields = fields or ("count", "category", "side")
    return [tuple(f[k] for k in fields) for f in extract_figures(text)]


def test_extra_fields_on_every_figure() -> None:
    assert EXTRA_FIELDS == ("claimed_by", "background")
    for f in extract_figures("Two soldiers died. The 1990s war killed 30,000 people."):
        assert f["claimed_by"] in ("armenia", "azerbaijan", "third_party", "unknown")
        assert isinstance(f["background"], bool)


# --- structured text: a heading names the side of the lines under it ----------------------

@pytest.mark.parametrize("text,want", [
    ("Per Armenian sources:\n\n  • 12 troops killed, 30 wounded\n  • 4 civilians killed",
     [(12, "killed", "armenia"), (30, "wounded", "armenia"), (4, "killed", "armenia")]),
    ("Official Azerbaijani figures:\n- 7 servicemen killed\n- 2 servicemen missing",
     [(7, "killed", "azerbaijan"), (2, "missing", "azerbaijan")]),
    # a party's claim is about the other side's losses
    ("Armenian claim:\n  • 400 soldiers killed, 900 wounded",
     [(400, "killed", "azerbaijan"), (900, "wounded", "azerbaijan")]),
])
def test_heading_names_the_side(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


def test_claim_heading_claimant_is_the_claiming_party() -> None:
    figs = extract_figures("Azerbaijani claim:\n • 250 soldiers killed")
    assert [(f["side"], f["claimed_by"]) for f in figs] == [("armenia", "azerbaijan")]


def test_heading_expires_at_a_prose_paragraph() -> None:
    text = ("Per Armenian sources:\n • 3 soldiers killed\n\n"
            "The fighting flared again in the spring and went on for nearly two weeks without a pause.\n"
            "Two soldiers were killed near the border.")
    assert _keys(text) == [(3, "killed", "armenia"), (2, "killed", "unknown")]


@pytest.mark.parametrize("line,want", [
    ("According to Azerbaijan:", ("azerbaijan", "azerbaijan", "", "")),
    ("Azerbaijani claims:", ("armenia", "azerbaijan", "", "")),
    ("Civilian deaths:", ("", "", "killed", "civilians")),
    ("Casualties2:", ("", "", "", "")),
])
def test_parse_heading(line: str, want: tuple) -> None:
    assert parse_heading(line) == want


@pytest.mark.parametrize("line", [
    "Armenia said 12 soldiers died:", "The ministry gave the following figures on Monday evening:",
    "• 12 soldiers killed:", "Armenia and Azerbaijan:",
])
def test_parse_heading_rejects_sentences(line: str) -> None:
    assert parse_heading(line) is None


def test_context_paragraph_end_clears_reporter() -> None:
    ctx = DocumentContext(reporter="azerbaijan", claimant="azerbaijan")
    ctx.begin("Two soldiers were killed.", "\n\n")
    assert (ctx.reporter, ctx.claimant) == ("", "")
    ctx = DocumentContext(reporter="azerbaijan", claimant="azerbaijan")
    ctx.begin("Two soldiers were killed.", " ")
    assert (ctx.reporter, ctx.claimant) == ("azerbaijan", "azerbaijan")


# --- false figures: footnote markers ------------------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("Nine servicemen were wounded.[12]", [(9, "wounded", "unknown")]),
    ("  • 4 civilians killed[c], 11 injured[7][8]", [(4, "killed", "unknown"), (11, "wounded", "unknown")]),
])
def test_footnote_markers_are_not_counts(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


def test_footnote_offsets_point_at_the_original_text() -> None:
    text = "Nine servicemen were wounded.[12] Two more died."
    for f in extract_figures(text):
        assert text[f["start"]:f["end"]] == f["sentence"]


# --- claimed_by ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("Azerbaijan's defence ministry said 14 of its soldiers were killed.", ["azerbaijan"]),
    ("Karabakh officials said 30 fighters died.", ["armenia"]),
    ("Baku claimed that 200 Armenian soldiers had been killed.", ["azerbaijan"]),
    ("Three peacekeepers were wounded, the Russian defence ministry said.", ["third_party"]),
    ("At least 50 civilians were killed, according to Human Rights Watch.", ["third_party"]),
    ("Two soldiers were killed on the border.", ["unknown"]),
])
def test_claimed_by_in_the_sentence(text: str, want: list[str]) -> None:
    assert [f["claimed_by"] for f in extract_figures(text)] == want


def test_claimant_carried_across_sentences_of_a_paragraph() -> None:
    text = ("Yerevan's health ministry gave new figures on Friday. "
            "Eleven servicemen died and 40 were wounded overnight.")
    assert [f["claimed_by"] for f in extract_figures(text)] == ["armenia", "armenia"]


def test_claimant_expires_at_paragraph_end() -> None:
    text = "Yerevan's health ministry gave new figures on Friday.\n\nEleven servicemen died."
    assert [f["claimed_by"] for f in extract_figures(text)] == ["unknown"]


# --- background ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The 2020 war, which killed more than 6,700 people, ended with a truce.",
    "Some 30,000 people died in the first Karabakh war.",
    "During the 1990s, about 600,000 Azerbaijanis were displaced.",
    "Since 1994, some 4,000 people have gone missing.",
    "The previous war left 3,800 Armenian soldiers dead.",
    "The 44-day war killed 2,900 Azerbaijani servicemen.",
])
def test_background_figures(text: str) -> None:
    figs = extract_figures(text)
    assert figs and all(f["background"] for f in figs), figs


@pytest.mark.parametrize("text", [
    "Three soldiers died on Tuesday, the deadliest day since the 2020 war.",
    "Azerbaijan said 12 of its servicemen were killed in the clashes.",
    "The worst fighting since the ceasefire killed 49 Armenian soldiers.",
])
def test_current_figures_are_not_background(text: str) -> None:
    figs = extract_figures(text)
    assert figs and not any(f["background"] for f in figs), figs


# --- side from context: inverted reporter, region as place, place carried ------------------

@pytest.mark.parametrize("text,want", [
    ("Over 30 civilians were hurt as well, said the prosecutor's office of Azerbaijan.",
     [(30, "wounded", "azerbaijan")]),
    ("Eleven troops died, announced the defence ministry of Armenia on Monday.",
     [(11, "killed", "armenia")]),
    ("Two farmers were wounded by a mine in Artsakh.", [(2, "wounded", "armenia")]),
    ("Baku handed the bodies of 40 soldiers over to Nagorno-Karabakh.",
     [(40, "bodies_returned", "armenia")]),
    ("The remains of nine men were passed to the authorities of Karabakh.",
     [(9, "bodies_returned", "armenia")]),
    ("We spent the night in the village of Talish. Three boys were wounded by a cluster bomblet.",
     [(3, "wounded", "armenia")]),
])
def test_side_from_context(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


@pytest.mark.parametrize("text,want", [
    # a place of one paragraph does not carry into the next
    ("We spent the night in Martuni.\n\nThree boys were wounded by a cluster bomblet.",
     [(3, "wounded", "unknown")]),
    # a sentence naming a party does not inherit an older place
    ("We were in Martuni. Three boys were wounded on the Azerbaijani border.",
     [(3, "wounded", "azerbaijan")]),
])
def test_place_context_expires(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


# --- structured text: labels before numbers, headings over bullets, tallies ----------------

def _full(text: str) -> list[tuple]:
    return _keys(text, "count", "count_high", "qualifier", "category", "side", "victims")


@pytest.mark.parametrize("text,want", [
    ("  • Dead: 1,210\n  • Injured: 3,400 or 4,000\n  • Missing: 88",
     [(1210, None, "exact", "killed", "unknown", "people"),
      (3400, None, "exact", "wounded", "unknown", "people"),
      (4000, None, "exact", "wounded", "unknown", "people"),
      (88, None, "exact", "missing", "unknown", "people")]),
    ("Killed: 45–60", [(45, 60, "exact", "killed", "unknown", "people")]),
    ("Per Azerbaijan:\n - Wounded: 320", [(320, None, "exact", "wounded", "azerbaijan", "people")]),
])
def test_label_before_number(text: str, want: list[tuple]) -> None:
    assert _full(text) == want


@pytest.mark.parametrize("text", [
    "Score: 3", "Phone: 12 45 67", "Population: 12,000", "Tanks destroyed: 14",
])
def test_label_without_category_is_no_figure(text: str) -> None:
    assert extract_figures(text) == []


def test_plus_after_number_is_at_least() -> None:
    assert _full("300+ soldiers killed") == [(300, None, "at_least", "killed", "unknown", "soldiers")]
    assert _full("The 1+1 channel said nothing.") == []


def test_heading_category_over_bullets() -> None:
    text = ("Civilian deaths:\n\n  • 900 Azerbaijani civilians\n  • 350 Armenian civilians\n\n"
            "Civilians displaced:\n\n  • 60,000 Armenians from Azerbaijan and Baku\n")
    assert _keys(text, "count", "category", "side", "victims") == [
        (900, "killed", "azerbaijan", "civilians"), (350, "killed", "armenia", "civilians"),
        (60000, "displaced", "armenia", "civilians")]


def test_heading_category_needs_a_list() -> None:
    # a heading's category does not reach a prose paragraph after it
    text = ("Civilian deaths:\n\n  • 900 Azerbaijani civilians\n\n"
            "The region had about 150,000 Armenian inhabitants before the war began in earnest.")
    assert _keys(text) == [(900, "killed", "azerbaijan")]


@pytest.mark.parametrize("text,want", [
    ("Fatal cases were registered in Martuni (4 people), Askeran (2 people) and Hadrut (1 person).",
     [(4, "killed", "armenia"), (2, "killed", "armenia"), (1, "killed", "armenia")]),
    ("Deaths were reported in Barda (5 civilians) and in Tartar (3 civilians).",
     [(5, "killed", "azerbaijan"), (3, "killed", "azerbaijan")]),
])
def test_parenthetical_place_tallies(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


def test_parenthetical_counts_without_category_are_no_figures() -> None:
    assert _keys("Villages were visited in Martuni (4 villages) and Askeran (2 villages).") == []


# --- wording -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("An Azerbaijani sergeant was mortally wounded by sniper fire.", [(1, "killed", "azerbaijan")]),
    ("Four Armenian conscripts were fatally injured when their truck hit a mine.", [(4, "killed", "armenia")]),
    # the toll "remains" at a value: a verb, not human remains
    ("The confirmed toll remains below 300, officials in Baku said.", [(300, "killed", "azerbaijan")]),
    ("The number of the dead remains around 90.", [(90, "killed", "unknown")]),
])
def test_wording_killed(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


def test_forensic_work_on_remains_is_not_a_return() -> None:
    text = "Experts completed the DNA identification of the remains of 212 killed Azerbaijani soldiers."
    assert _keys(text) == [(212, "killed", "azerbaijan")]
    # a plain return is still bodies_returned
    assert _keys("Baku handed over the remains of 212 Armenian soldiers.") == [
        (212, "bodies_returned", "armenia")]


def test_future_forecast_is_no_figure_but_a_planned_return_is() -> None:
    assert _keys("Officials said the final toll will not exceed 5,000.") == []
    assert _keys("Azerbaijan will hand over the bodies of 30 Armenian soldiers on Friday.") == [
        (30, "bodies_returned", "armenia")]


@pytest.mark.parametrize("text,want", [
    ("The Azerbaijani side has 12 casualties, the spokesman added.", [(12, "casualties", "azerbaijan")]),
    ("The Armenian side lost 40 soldiers in the battle.", [(40, "killed", "armenia")]),
])
def test_the_party_side_owns_its_losses(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


def test_the_party_side_as_attacker_is_not_an_owner() -> None:
    assert _keys("The Azerbaijani side opened fire and killed two Armenian soldiers.") == [
        (2, "killed", "armenia")]


def test_region_in_a_war_name_is_not_a_side() -> None:
    text = "About 3,000 people are still missing from the Karabakh conflict, 600 of them being Azerbaijanis."
    assert _keys(text) == [(3000, "missing", "both"), (600, "missing", "azerbaijan")]
    assert _keys("Some 2,000 people went missing in the Nagorno-Karabakh war.") == [
        (2000, "missing", "both")]


# --- list of named victims, bodies without a return, long toll subjects -------------------

def test_named_victims_under_an_introduction() -> None:
    text = ("On 3 May the following servicemen of the Armenian army were killed:\n"
            "  - Sergeant Aram Petrosyan\n  - Private Hayk Sargsyan\n\n"
            "Talks on the border resumed the next day in the presence of international mediators.")
    assert _keys(text, "count", "category", "side", "victims") == [
        (1, "killed", "armenia", "soldiers"), (1, "killed", "armenia", "soldiers")]


def test_named_item_list_needs_a_category_and_a_victim_noun() -> None:
    assert extract_figures("The delegation included:\n - Foreign Minister A. B.\n - Envoy C. D.") == []
    assert extract_figures("The following soldiers were decorated:\n - Private A. B.") == []


def test_bodies_without_a_handover_count_the_dead() -> None:
    assert _keys("Of the 52 bodies, only 12 have been identified so far.") == [(52, "killed", "unknown")]
    assert _keys("Baku passed the bodies of 52 soldiers to Armenia.") == [
        (52, "bodies_returned", "armenia")]


def test_the_number_of_wounded_remains() -> None:
    assert _keys("The number of wounded remains 140, doctors in Stepanakert said.") == [
        (140, "wounded", "armenia")]


def test_toll_subject_far_before_its_update_verb() -> None:
    text = ("The toll from the blast at an arms depot near Martakert, a town mostly inhabited by "
            "Armenians, climbed to 31.")
    assert _keys(text) == [(31, "killed", "armenia")]


@pytest.mark.parametrize("text,want", [
    ("At least 40 soldiers died in fighting between Armenian and Azerbaijani forces.", [(40, "killed", "both")]),
    ("Videos showed the execution of three captives by Azerbaijani troops.", [(3, "killed", "armenia")]),
])
def test_between_forces_and_executions(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


@pytest.mark.parametrize("text,want", [
    ("A village inhabited by Azerbaijanis was shelled and two residents were killed.", [(2, "killed", "unknown")]),
    ("Seven civilians in Martuni, a town held by Armenian forces, were wounded.", [(7, "wounded", "armenia")]),
])
def test_by_after_a_non_attack_participle_names_no_attacker(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


@pytest.mark.parametrize("text,want", [
    ("Some 40 people are still held in Azerbaijan, their relatives say.", [(40, "captured", "armenia")]),
    ("Three shepherds remain in captivity in Armenia.", [(3, "captured", "azerbaijan")]),
    ("They include 5 prisoners of war and 7 hostages held by Baku.",
     [(5, "captured", "armenia"), (7, "captured", "armenia")]),
])
def test_captives_belong_to_the_side_opposite_their_holder(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


def test_prisoners_of_war_name_no_war() -> None:
    assert _keys("The list has 12 prisoners of war.") == [(12, "captured", "unknown")]


@pytest.mark.parametrize("text,want", [
    ("Eight soldiers were killed, Baku said on Oct. 4.", [(8, "killed", "azerbaijan")]),
    ("Officials said on Sept. 27 that 15 people were hurt.", [(15, "wounded", "unknown")]),
])
def test_abbreviated_month_with_a_dot_is_a_date(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


@pytest.mark.parametrize("text,want", [
    ("More than 9,000 Armenians have left the region since Monday.", [(9000, "displaced", "armenia")]),
    ("The army abandoned 12 positions near the front.", []),  # positions are not people
])
def test_leaving_the_region_is_displacement(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


def test_leaving_an_event_is_no_displacement() -> None:
    assert _keys("Twelve observers left the meeting early.") == []


def test_clash_between_two_parties_is_both() -> None:
    text = ("Three people died in a gunfight between officers of the unrecognised Karabakh "
            "republic's police and Azerbaijani border guards.")
    assert _keys(text) == [(3, "killed", "both")]


def test_captives_returned_to_a_party_from_the_other() -> None:
    assert _keys("Officials said 25 prisoners had come back to Azerbaijan from Armenia.") == [
        (25, "captured", "azerbaijan")]
    assert _keys("In all, 44 detainees were returned to Armenia from Azerbaijan.") == [
        (44, "captured", "armenia")]


@pytest.mark.parametrize("text,want", [
    ("Six of the 40 wounded soldiers later died in hospital.", [(6, "killed", "unknown", "soldiers")]),
    ("Three of the 15 Armenian detainees were released on Friday.", [(3, "captured", "armenia", "people")]),
])
def test_partitive_part_of_a_counted_whole(text: str, want: list[tuple]) -> None:
    assert _keys(text, "count", "category", "side", "victims") == want


def test_partitive_of_non_victims_is_no_figure() -> None:
    assert _keys("Five of the 12 tanks were destroyed.") == []


def test_evacuated_with_injuries_is_wounded() -> None:
    assert _keys("A pilot was evacuated with serious injuries.") == [(1, "wounded", "unknown")]
    assert _keys("Some 300 villagers were evacuated from the area.") == [(300, "displaced", "unknown")]


def test_possessor_inside_a_partitive() -> None:
    assert _keys("Three of the convoy's drivers were wounded by Azerbaijani drones.",
                 "count", "category", "side", "victims") == [(3, "wounded", "armenia", "civilians")]


def test_group_with_members_in_a_parenthetical() -> None:
    text = "Five villagers, including three boys and an old shepherd, were killed in Tartar."
    assert _keys(text, "count", "category", "side", "victims") == [
        (5, "killed", "azerbaijan", "civilians"), (3, "killed", "azerbaijan", "civilians")]


def test_end_of_a_date_range_is_no_count() -> None:
    assert _keys("Armenian officials said 6 soldiers died in the fighting on October 3-4.") == [
        (6, "killed", "armenia")]


def test_remains_examined_are_the_dead() -> None:
    text = "Officials said 900 remains of people killed near Askeran had been examined."
    assert _keys(text, "count", "category") == [(900, "killed")]
    text = "Officials said 900 remains of people killed near Askeran had been handed over."
    assert _keys(text, "count", "category") == [(900, "bodies_returned")]


def test_hedged_alternative_figures() -> None:
    text = "At least 900 and possibly more than 1,200 Azerbaijanis died in the offensive."
    assert _keys(text, "count", "qualifier", "category", "side") == [
        (900, "at_least", "killed", "azerbaijan"), (1200, "more_than", "killed", "azerbaijan")]
    # a plain range is still one figure
    assert _keys("Between 900 and 1,200 Azerbaijanis died.", "count", "count_high") == [(900, 1200)]


@pytest.mark.parametrize("text,want", [
    ("Dozens remain in Azerbaijani jails, their lawyers say.", [(24, "captured", "armenia")]),
    ("Some 30 men are held in Armenian prisons.", [(30, "captured", "azerbaijan")]),
])
def test_captives_in_a_party_jail(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


@pytest.mark.parametrize("text,want", [
    ("Baku said its forces had eliminated 40 Armenian fighters.", [(40, "killed", "armenia")]),
    ("Yerevan said its troops neutralised 25 Azerbaijani commandos.", [(25, "killed", "azerbaijan")]),
])
def test_military_euphemisms_for_killing(text: str, want: list[tuple]) -> None:
    assert _keys(text) == want


def test_eliminated_targets_are_no_figure() -> None:
    assert _keys("The army said it eliminated three artillery positions.") == []


def test_singular_victim_with_a_parenthetical() -> None:
    assert _keys("Sergeant Karen Hakobyan (born 2001) was killed near Sotk.") == [(1, "killed", "armenia")]
    assert _keys("Private Ali Aliyev (21) was wounded.") == [(1, "wounded", "unknown")]


def test_these_include_names_parts_of_the_figure_before() -> None:
    text = ("Some 40 Azerbaijanis are being held in Armenia. These include 12 shepherds "
            "and 5 prisoners of war.")
    assert _keys(text, "count", "category", "side", "victims") == [
        (40, "captured", "azerbaijan", "people"), (12, "captured", "azerbaijan", "civilians"),
        (5, "captured", "azerbaijan", "soldiers")]


def test_a_sentence_not_referring_back_does_not_inherit() -> None:
    text = "Some 40 Azerbaijanis are being held in Armenia. The delegation included 12 diplomats."
    assert _keys(text) == [(40, "captured", "azerbaijan")]


def test_held_as_prisoners_in_a_party() -> None:
    assert _keys("Over 30 civilians held as hostages in Azerbaijan were named.") == [
        (30, "captured", "armenia")]


def test_area_under_a_party_control_is_a_place() -> None:
    assert _keys("Two shepherds were wounded in a village under Azerbaijani control.") == [
        (2, "wounded", "azerbaijan")]
    assert _keys("Some 4,000 people displaced in the fighting went back to areas under "
                 "Armenian control.") == [(4000, "displaced", "armenia")]


def test_language_keyword_is_accepted() -> None:
    text = "At least 49 Armenian soldiers were killed."
    assert extract_figures(text, language="en") == extract_figures(text) == extract_figures(text, language=None)
