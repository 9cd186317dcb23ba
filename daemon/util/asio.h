// The one place Asio is included: Boost 1.74's awaitable.hpp misses
// <utility> under GCC 12.
#pragma once

#include <utility>

#include <boost/asio.hpp>

namespace asio = boost::asio;
