"""The practice rules the CLI and the app share (quizzer.core.practice, stats.streak), on a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from quizzer.core import practice
from quizzer.core.bank import load_bank
from quizzer.core.stats import streak
from quizzer.core.store import Attempt, Store

NOW = datetime(2026, 3, 10, 0, 30, tzinfo=timezone.utc)  # half an hour after midnight


def test_the_path_starts_with_the_notes_own_questions_then_the_notes_then_the_curriculum():
    bank = load_bank()
    order = practice.path(bank)
    assert [q.id for q in order[:3]] == list(practice.NOTES_IDS)
    notes = [practice.from_notes(q) for q in order]
    assert notes == sorted(notes, reverse=True)  # every question of the notes before any other
    rest = [q for q in order if not practice.from_notes(q)]
    places = [(practice.TOPIC_ORDER.index(q.spec.topic), practice.DIFFICULTY_ORDER[q.spec.difficulty.value]) for q in rest]
    assert places == sorted(places)
    assert len(order) == len(bank.questions)


def test_next_step_skips_what_is_solved_and_puts_due_reviews_first(quizzer_home):
    from quizzer.core import review

    bank = load_bank()
    with Store(quizzer_home) as store:
        assert practice.next_step(bank, store, NOW).question.id == "numpy-simple-nn"
        store.record_attempt(Attempt("numpy-simple-nn", NOW.timestamp(), "accepted", 1, 1, 1))
        store.record_attempt(Attempt("numpy-lstm-cell", NOW.timestamp(), "wrong_answer", 0, 1, 1))
        step = practice.next_step(bank, store, NOW)
        assert (step.question.id, step.reason) == ("numpy-lstm-cell", "attempted")
        review.review(store, "gelu-vs-relu", review.AGAIN, NOW - timedelta(days=2))
        step = practice.next_step(bank, store, NOW)
        assert (step.question.id, step.reason) == ("gelu-vs-relu", "due") and step.due_since < NOW


def test_reveal_hint_records_each_hint_once_in_order(quizzer_home):
    question = load_bank().get("numpy-lstm-cell")
    with Store(quizzer_home) as store:
        shown = [practice.reveal_hint(store, question, NOW) for _ in range(len(question.spec.hints) + 1)]
        assert [h.number for h in shown[:-1]] == list(range(1, len(question.spec.hints) + 1)) and shown[-1] is None
        assert [h.text for h in shown[:-1]] == question.spec.hints and shown[-2].left == 0
        assert store.connection.execute("SELECT hint_index FROM hints ORDER BY id").fetchall() == [(i,) for i in range(len(question.spec.hints))]


def test_a_choice_is_right_only_with_exactly_the_right_options():
    spec = load_bank().get("linear-layers-collapse").spec
    right = {i for i, option in enumerate(spec.options) if option.correct}
    assert practice.choice_answer(spec, right)[0]
    assert not practice.choice_answer(spec, right | {max(set(range(len(spec.options))) - right)})[0]
    assert practice.choice_answer(spec, {2, 0}) == (({0, 2} == right), "A,C")


def test_the_streak_counts_days_in_a_row_and_lasts_until_a_day_passes_without_practice(quizzer_home):
    with Store(quizzer_home) as store:
        assert streak(store, NOW, timezone.utc) == 0
        for days_ago in (1, 2, 4):  # yesterday, the day before, and an older day after a gap
            store.record_grade("gelu-vs-relu", 3, at=(NOW - timedelta(days=days_ago)).timestamp())
        assert streak(store, NOW, timezone.utc) == 2  # nothing yet today: the streak still stands
        store.record_hint("numpy-softmax", 0, at=(NOW - timedelta(minutes=10)).timestamp())  # today, just after midnight
        assert streak(store, NOW, timezone.utc) == 3
        assert streak(store, NOW + timedelta(days=2), timezone.utc) == 0  # a whole day without practice


def test_a_diagnosis_shown_counts_as_a_hint_of_the_days_review_but_reveals_no_hint(quizzer_home):
    from types import SimpleNamespace

    from quizzer.core import review

    wrong = SimpleNamespace(diagnosis={"mutant": "concat_order", "bug": "concatenates (x_t, h_prev)"})
    reviewed = {}
    question = "numpy-lstm-cell"
    for asked in (False, True):
        with Store(quizzer_home / str(asked)) as store:
            store.record_attempt(Attempt(question, NOW.timestamp(), "wrong_answer", 0, 1, 1))
            review.schedule_attempt(store, question, NOW)
            practice.reveal_hint(store, load_bank().get(question), NOW)  # one hint of the question's own
            if asked:
                assert practice.reveal_diagnosis(store, question, wrong, NOW) == "looks like a known mistake: concatenates (x_t, h_prev)"
            store.record_attempt(Attempt(question, NOW.timestamp() + 60, "accepted", 1, 1, 1))
            review.schedule_attempt(store, question, NOW + timedelta(minutes=1))
            reviewed[asked] = [row["rating"] for row in store.export()["tables"]["review_log"]]
            assert store.hints_revealed(question) == 1
    assert reviewed == {False: [review.GOOD], True: [review.HARD]}  # two hints used (the hint and the diagnosis): Hard


def test_a_result_without_a_diagnosis_records_nothing(quizzer_home):
    from types import SimpleNamespace

    with Store(quizzer_home) as store:
        assert practice.reveal_diagnosis(store, "q", SimpleNamespace(diagnosis=None), NOW) is None
        assert store.export()["tables"]["hints"] == []
