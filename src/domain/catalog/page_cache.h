// The resolver's memory of the pages it has made: a scan of a package is the
// platform's hottest path, and most scans are of the same few lots. A page is
// kept with the stamp (ProductRepository::PageStamp, with the date) of what it
// was made from, and served again only while a fresh stamp, read on every
// scan, is equal: a revocation, an edit or a new event shows on the very next
// scan, in every process that shares the store. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace ocop::domain {

struct CachedPage {
  std::int64_t product_id = 0;
  std::vector<std::string> event_keys;  // as given to PageStamp
  std::string stamp;                    // Resolver::Stamp when the page was made
  std::string body;
  std::string link;  // the page's Link header
};

class PageCache {
 public:
  // At most `max_pages` pages (then all are forgotten at once), each under a
  // key of at most `max_key` bytes (longer keys are not kept).
  explicit PageCache(std::size_t max_pages = 1000, std::size_t max_key = 512)
      : max_pages_(max_pages), max_key_(max_key) {}

  // The page kept under `key`, or null.
  std::shared_ptr<const CachedPage> Find(const std::string& key) const;
  void Put(const std::string& key, CachedPage page);

 private:
  const std::size_t max_pages_;
  const std::size_t max_key_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedPage>> pages_;
};

}  // namespace ocop::domain
