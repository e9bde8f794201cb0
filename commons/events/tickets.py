"""The attendee's ticket: their check-in code, shown as text and as a QR code the door can scan."""

import segno

from .models import Rsvp


def format_code(code: str) -> str:
    """The check-in code in two groups of four (`ABCD-2345`), easier to read aloud at the door."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def ticket_qr_svg(rsvp: Rsvp, *, scale: int = 6) -> str:
    """An inline SVG QR code holding the ticket's check-in code, for the ticket page.

    It encodes only the code (what `actions.check_in(..., code=...)` takes), nothing personal.
    """
    qr = segno.make(rsvp.checkin_code, error="m")
    return qr.svg_inline(
        scale=scale, title=f"Check-in code {format_code(rsvp.checkin_code)}", omitsize=False
    )
