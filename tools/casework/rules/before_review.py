"""``before_review``: something must happen before (or by) the Nth looked-after review.

The review is the one recorded in the case (``reviews``) for that episode;
if it is not recorded yet, the statutory schedule gives its date: 20 working
days after entering care, 3 months after the first review, then 6 months
after the previous one (each counted from the last review actually held).
``inclusive: true`` means "by" (the review day itself still counts);
the default, ``false``, means "before" (by the day before the review).
Like every deadline before a meeting (docs/timescales.md: "How timescales are counted",
5), one that falls on a weekend or bank holiday moves to the working day
before, whether the review was held or is only projected; "by" a review
actually held stays on that review's own day.
"""

from __future__ import annotations

from datetime import date

from casework.errors import Location
from casework.findings import Finding
from casework.rules.context import Context, Prepared, Rule, head
from casework.selectors import candidates, compiled, noun, ordinal
from casework.timeline import Episode, Timeline
from casework.workdays import Duration, WorkingCalendar, add_months

KIND = "before_review"

FIRST_REVIEW = Duration(20, "working_days")
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
_ON_THE_DAY, _THE_DAY_BEFORE = Duration(0, "days"), Duration(1, "days")


def review_date(
    timeline: Timeline, episode: Episode, number: int, calendar: WorkingCalendar
) -> tuple[date, bool]:
    """The date of the episode's Nth review, and whether it is only scheduled."""
    held = sorted(
        e.date for e in timeline.of_kind("lac_review") if e.attrs.get("episode") == episode.number
    )
    if number <= len(held):
        return held[number - 1], False
    day = held[-1] if held else calendar.after(episode.start, FIRST_REVIEW)
    for upcoming in range(max(len(held), 1) + 1, number + 1):
        day = add_months(day, SECOND_REVIEW_MONTHS if upcoming == 2 else LATER_REVIEW_MONTHS)
    return day, True


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    return prepare(rule)(context)


def prepare(rule: Rule) -> Prepared:
    """The rule's fixed parts (the review, words) worked out once, for every timeline."""
    made = head(rule)
    met_by = rule["met_by"]
    if "field" in met_by:
        return _nothing
    number = int(rule["review"])
    inclusive = bool(rule.get("inclusive", False))
    what, plural = noun(met_by)
    applies_to = rule.get("applies")
    word = "by" if inclusive else "before"
    # made ready once: selected from every timeline
    answers_of = compiled(met_by)
    applies_of = compiled(applies_to) if applies_to is not None else None
    before_the = f"{what} {word} the {ordinal(number)} looked-after review on "

    def run(context: Context) -> list[Finding]:
        timeline = context.timeline
        if timeline is None or not timeline.episodes:
            return []
        answers = candidates(timeline, answers_of)
        applies = candidates(timeline, applies_of) if applies_of is not None else None
        findings = []
        for episode in timeline.episodes:
            if applies is not None and not any(episode.contains(when) for _, when in applies):
                continue
            review, scheduled = review_date(timeline, episode, number, context.calendar)
            due = _deadline(review, inclusive, scheduled, context.calendar)
            hit = next(((e, when) for e, when in answers if episode.contains(when)), None)
            if hit is None and episode.end is not None and episode.end < review:
                continue  # the child left care before the review
            where = hit[0].source if hit else _episode_source(timeline, episode)
            findings.append(
                context.finding(
                    made,
                    due=due,
                    done=hit[1] if hit else None,
                    where=where,
                    what=f"{before_the}{review.isoformat()}{' (scheduled)' if scheduled else ''}",
                    plural=plural,
                    anchor=review,
                )
            )
        return findings

    return run


def _nothing(context: Context) -> list[Finding]:
    return []


def _deadline(review: date, inclusive: bool, scheduled: bool, calendar: WorkingCalendar) -> date:
    """By (inclusive) or before the review, moved off a non-working day."""
    if inclusive and not scheduled:
        return review
    return calendar.before(review, _ON_THE_DAY if inclusive else _THE_DAY_BEFORE)


def _episode_source(timeline: Timeline, episode: Episode) -> Location:
    for event in timeline.of_kind("entered_care"):
        if event.attrs.get("episode") == episode.number:
            return event.source
    return Location(timeline.file)
