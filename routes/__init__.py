"""The historical route data and its loader.

>>> from routes import load_atlas
>>> atlas = load_atlas()
>>> [route.id for route in atlas.routes_in("lend_lease_1941_45")]
['arctic', 'pacific', 'persian_corridor', 'alsib']
"""

from routes.atlas import Atlas
from routes.errors import Problem, RouteDataError
from routes.frames import to_geodataframes
from routes.loader import default_data_dir, load_atlas
from routes.model import MODES, Event, Figure, Group, Leg, Period, Place, Route, Source
from routes.model_convoys import Convoy, ConvoyDispute, ConvoyLoss

__all__ = [
    "Atlas",
    "Convoy",
    "ConvoyDispute",
    "ConvoyLoss",
    "Event",
    "Figure",
    "Group",
    "Leg",
    "MODES",
    "Period",
    "Place",
    "Problem",
    "Route",
    "RouteDataError",
    "Source",
    "default_data_dir",
    "load_atlas",
    "to_geodataframes",
]
