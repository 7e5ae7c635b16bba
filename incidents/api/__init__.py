"""The REST API (/api/v1/): read endpoints, editors' writes, bulk export."""
