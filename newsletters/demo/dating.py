"""When the demo says things happened: never more exactly than the facts, never silently choosing
between two dates the source gives, and for a photo no more than the seed's caption says."""

from events.models import Event
from unlops.dates import DatePrecision, parse_partial_date

STATUSES = {
    "held": Event.Status.HELD,
    "upcoming": Event.Status.PLANNED,  # As the issue presents it: coming, as of its period.
    "cancelled": Event.Status.CANCELLED,
}

# What the seed's caption of a photo gives of its date, where the facts date the photo from
# something else (the article, the event it shows): a month, or nothing. The photo's event keeps
# the event's date; the photo keeps what its caption says.
PHOTO_DATES_AS_CAPTIONED = {
    # "… at the UN-EU Steering Committee on Crisis Management in New York, March 2017."
    "photo-feltman-ladsous-steering-committee": "2017-03",
    # "… interviewed on the margins of the UN-EU Political Dialogue on Counter-Terrorism."
    "photo-jehangir-khan-interview": None,
    # "Pictured left at the CAR Donor Conference: …", "Pictured right: …".
    "photo-car-donor-conference-left": None,
    "photo-car-donor-conference-right": None,
}

# Places the facts complete from the article: the caption names no city.
PHOTO_PLACES_AS_CAPTIONED = {
    "photo-jehangir-khan-interview": "Margins of the UN-EU Political Dialogue on Counter-Terrorism",
}


def event_dates(facts):
    """(start, end, precision, alternative start) for an event, never more exact than the facts.

    Where the facts give an ``alternative_start`` (two sources, two dates), the event keeps both.
    """
    start_value, end_value = facts["start"], facts["end"]
    start, parsed_precision = parse_partial_date(start_value)
    end, _ = parse_partial_date(end_value or start_value, last=True)
    alternative, alternative_precision = parse_partial_date(facts.get("alternative_start"))
    precision = facts["date_precision"]
    if precision is None:
        return None, None, DatePrecision.UNKNOWN, None
    if precision == "within":
        # A day somewhere between two known days.
        expected = DatePrecision.DAY
        precision = DatePrecision.WITHIN
    else:
        expected = precision = DatePrecision(precision)
    if parsed_precision != expected or (alternative and alternative_precision != expected):
        raise ValueError(
            f"Event {facts['key']}: the dates {start_value!r} do not match precision {precision!r}."
        )
    return start, end, precision, alternative


def event_status(facts):
    """Held, or planned as the issue presents it; an unknown word stops the load."""
    return STATUSES[facts["status"]]


def event_note(facts):
    """The facts' notes on the date and the place, which the model keeps in one field."""
    notes = []
    if facts.get("date_note"):
        notes.append(_sentence(facts["date_note"]))
    if facts.get("place_note"):
        notes.append(f"Place: {facts['place_note'].strip().rstrip('.')}")
    note = ". ".join(notes) + "." if notes else ""
    if len(note) > Event._meta.get_field("date_note").max_length:
        raise ValueError(f"Event {facts['key']}: the date and place notes are too long.")
    return note


def _sentence(text):
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def photo_date(facts):
    """(taken_on, precision) as the photo's caption in the seed gives it."""
    value = PHOTO_DATES_AS_CAPTIONED.get(facts["key"], facts["date"])
    day, precision = parse_partial_date(value)
    return day, precision


def photo_place(facts):
    return PHOTO_PLACES_AS_CAPTIONED.get(facts["key"], facts["place"] or "")
