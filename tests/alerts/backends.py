"""A slow mail backend for the concurrency test: it records every message it is handed,
from any thread, and takes its time as a real SMTP server would."""

import threading
import time

from django.core.mail.backends.base import BaseEmailBackend

SENT: list = []
_lock = threading.Lock()


class SlowRecordingBackend(BaseEmailBackend):
    delay = 0.05

    def send_messages(self, messages):
        time.sleep(self.delay)
        with _lock:
            SENT.extend(messages)
        return len(messages)
