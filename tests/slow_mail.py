"""An e-mail backend for the worker fault test: says it has started, waits, then writes the message
to a file (so that a worker can be killed in the middle of sending)."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowBackend(EmailBackend):
    def send_messages(self, email_messages):
        Path(os.environ["ESOP_TEST_MARK"]).write_text("sending")
        time.sleep(float(os.environ.get("ESOP_TEST_MAIL_DELAY", "6")))
        return super().send_messages(email_messages)
