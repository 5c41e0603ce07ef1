"""iCalendar files: one meeting as an attachment or download, all published meetings as a feed."""

from django.conf import settings
from icalendar import Calendar, Event

from .models import Meeting


def ics(meetings, *, public: bool = False) -> bytes:
    """`public`: for the open feed, without the online link and the description, which are for members."""
    calendar = Calendar()
    calendar.add("prodid", "-//Koers//Netwerk Informatiemanagement mbo//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Koers: bijeenkomsten")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@koers")
        # Same UID, higher SEQUENCE: a calendar that has the meeting updates it instead of adding a second one.
        event.add("sequence", meeting.calendar_sequence)
        event.add("summary", meeting.title)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("dtstamp", meeting.created_at)
        where = ", ".join(part for part in (meeting.venue, meeting.address) if part)
        if not where and not public:
            where = meeting.online_url
        if where:
            event.add("location", where)
        event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
        if meeting.description and not public:
            event.add("description", meeting.description)
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
