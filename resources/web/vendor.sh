#!/bin/sh
# Re-vendors the map's web assets from the npm registry (run by hand when upgrading them;
# the app and its tests never fetch anything).  Versions are pinned here and in README.md.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() {  # package@version folder
	(cd "$work" && npm pack --silent "$1" >/dev/null && mkdir -p "$2" && tar xzf ./*.tgz -C "$2" && rm ./*.tgz)
}
fetch leaflet@1.9.4 leaflet
fetch leaflet.markercluster@1.5.3 markercluster
fetch leaflet-draw@1.0.4 draw
fetch leaflet-lasso@2.2.13 lasso
rm -rf leaflet markercluster draw lasso
mkdir -p leaflet/images markercluster draw/images lasso
cp "$work"/leaflet/package/dist/leaflet.js "$work"/leaflet/package/dist/leaflet.css leaflet/
cp "$work"/leaflet/package/dist/images/*.png leaflet/images/
cp "$work"/leaflet/package/LICENSE leaflet/LICENSE
cp "$work"/markercluster/package/dist/leaflet.markercluster.js \
   "$work"/markercluster/package/dist/MarkerCluster.css \
   "$work"/markercluster/package/dist/MarkerCluster.Default.css markercluster/
cp "$work"/markercluster/package/MIT-LICENCE.txt markercluster/LICENSE
cp "$work"/draw/package/dist/leaflet.draw.js "$work"/draw/package/dist/leaflet.draw.css draw/
cp "$work"/draw/package/dist/images/spritesheet*.png "$work"/draw/package/dist/images/spritesheet.svg draw/images/
cp "$work"/lasso/package/dist/leaflet-lasso.umd.min.js lasso/
cp "$work"/lasso/package/LICENSE lasso/LICENSE
echo "vendored into $(pwd)"
