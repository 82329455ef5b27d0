#include "domain/catalog/page_cache.h"

namespace ocop::domain {

std::shared_ptr<const CachedPage> PageCache::Find(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = pages_.find(key);
  return it == pages_.end() ? nullptr : it->second;
}

void PageCache::Put(const std::string& key, CachedPage page) {
  if (key.size() > max_key_ || max_pages_ == 0) return;
  auto kept = std::make_shared<const CachedPage>(std::move(page));
  std::lock_guard lock(mutex_);
  if (pages_.size() >= max_pages_ && !pages_.count(key)) pages_.clear();
  pages_[key] = std::move(kept);
}

}  // namespace ocop::domain
