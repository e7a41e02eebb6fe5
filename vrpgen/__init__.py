"""vrpgen: Huawei VRP configuration generator, change previewer and pusher."""

__version__ = "0.1.0"
