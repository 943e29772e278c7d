// The OpenAPI 3.0.3 description of the API, generated from the route table
// (routes.h): never kept by hand beside it.  GET /api/v1/openapi.json.
#pragma once

#include <span>
#include <string>

#include "server/routes.h"
#include "value/value.h"

namespace riposte::server {

Value openapi_document(std::span<const Route> table);
std::string openapi_json(std::span<const Route> table);  // compact JSON text

}  // namespace riposte::server
