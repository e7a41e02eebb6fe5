"""What each device needs: resolve groups and interface names, derive both ends of every
session, check the inventory across devices, and build the per-device intent. Pure."""
