"""Every state change of the safety app, in one transaction with its audit record.

Split by stage: filing reports (``reports``), handling cases (``cases``), deciding and appealing
(``decisions``). Import from here.
"""

from .cases import *  # noqa: F403
from .decisions import *  # noqa: F403
from .reports import *  # noqa: F403
from .reports import file_report, snapshot_of  # noqa: F401
