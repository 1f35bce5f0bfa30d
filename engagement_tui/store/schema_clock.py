"""Provides `clock_bump`: the SQL by which the store's triggers count an edit of an interview
in its version clock (the clock bundles compare to find what changed on which laptop)."""


def clock_bump(interview_id: str) -> str:
    """The statement that counts one edit of an interview by this device in its version clock.

    Plain SQL, no functions: the connection runs with trusted_schema=OFF."""
    # Only while the interview exists: erasing one deletes its answers by cascade, and a
    # clock row for an interview that is gone would break the foreign key.
    return (
        "INSERT INTO interview_clocks (interview_id, device, edits)"
        f" SELECT {interview_id}, (SELECT uuid FROM device_identity), 1"
        f" WHERE EXISTS (SELECT 1 FROM interviews WHERE id = {interview_id})"
        " ON CONFLICT (interview_id, device) DO UPDATE SET edits = edits + 1;"
    )
