"""Access-matrix rows and world objects for the API; merged into tests/test_access_matrix.py.

Keys are "api:<basename>-list METHOD" or "api:<basename>-detail METHOD" (one URL, several methods).
Each endpoint module's rows live in its own access_<module>.py.
"""

from . import (
    access_advice,
    access_comments,
    access_core,
    access_documents,
    access_meetings,
    access_polls,
    access_roadmap,
)

MODULES = [
    access_core,
    access_roadmap,
    access_polls,
    access_meetings,
    access_advice,
    access_comments,
    access_documents,
]

MATRIX: dict = {}
for _module in MODULES:
    MATRIX |= _module.MATRIX


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    for module in MODULES:
        module.extend_world(users=users, kwargs=kwargs, objects=objects)
