"""What org tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Somebody's rights or the unit tree changed: what was worked out from them (a request's memo of
# covered units, the inbox counts of workflow) is out of date once the transaction commits.
rights_changed = Signal()
