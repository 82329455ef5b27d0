// The .xlsx reader: libzip opens the package from memory, expat streams each XML part through a
// small handler (relationships, workbook, shared strings, worksheet).
#include "datafiles/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <utility>

namespace ocop::datafiles {
namespace {

// Unpacked size of one XML part: far above what 100,000 × 64 cells need in practice, and a
// bound on what a zip bomb can make us parse.
constexpr std::size_t kMaxPartBytes = std::size_t{128} << 20;
constexpr std::size_t kMaxSharedStrings = std::size_t{kXlsxMaxRows} * kXlsxMaxColumns;
constexpr char kNsSeparator = '|';

Status BadFile() { return InvalidArgument("error.import.xlsx"); }
Status TooLarge() { return InvalidArgument("error.import.too_large"); }

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

// "uri|local" (expat's namespace-qualified form) → "local".
std::string_view LocalName(const char* qualified) {
  std::string_view name(qualified);
  auto bar = name.rfind(kNsSeparator);
  return bar == std::string_view::npos ? name : name.substr(bar + 1);
}

bool HasNamespace(const char* qualified) { return std::strchr(qualified, kNsSeparator) != nullptr; }

// The value of the attribute with local name `name` (with or without a namespace, as asked).
std::optional<std::string_view> Attr(const char** attrs, std::string_view name,
                                     bool namespaced = false) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == name && HasNamespace(attrs[i]) == namespaced) return attrs[i + 1];
  }
  return std::nullopt;
}

// Receives the events of one XML part. Fail() stops the parse with that status.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, const char** attrs) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view) {}

  void Attach(XML_Parser parser) { parser_ = parser; }
  void Fail(Status status) {
    if (status_.ok()) status_ = std::move(status);
    XML_StopParser(parser_, XML_FALSE);
  }
  const Status& status() const { return status_; }

 private:
  XML_Parser parser_ = nullptr;
  Status status_;
};

// Trampolines from expat's C callbacks; no exception may cross them.
template <typename Fn>
void Guarded(void* user, Fn&& fn) {
  auto* handler = static_cast<XmlHandler*>(user);
  if (!handler->status().ok()) return;
  try {
    fn(*handler);
  } catch (const std::bad_alloc&) {
    handler->Fail(TooLarge());
  } catch (...) {
    handler->Fail(BadFile());
  }
}

void OnStart(void* user, const XML_Char* name, const XML_Char** attrs) {
  Guarded(user, [&](XmlHandler& h) { h.Start(LocalName(name), attrs); });
}
void OnEnd(void* user, const XML_Char* name) {
  Guarded(user, [&](XmlHandler& h) { h.End(LocalName(name)); });
}
void OnText(void* user, const XML_Char* text, int len) {
  Guarded(user,
          [&](XmlHandler& h) { h.Text(std::string_view(text, static_cast<std::size_t>(len))); });
}
// OOXML parts never carry a DTD; refusing one rules out entity tricks.
void OnDoctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<XmlHandler*>(user)->Fail(BadFile());
}

// Streams the zip entry `name` through `handler`. error.import.xlsx when the entry is missing,
// damaged or not well-formed XML; error.import.too_large past kMaxPartBytes.
Status ParsePart(zip_t* zip, const std::string& name, XmlHandler& handler) {
  std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen(zip, name.c_str(), 0));
  if (!file) return BadFile();
  std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreateNS(nullptr, kNsSeparator));
  if (!parser) return Internal("expat: out of memory");
  handler.Attach(parser.get());
  XML_SetUserData(parser.get(), &handler);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);

  auto failed = [&] { return handler.status().ok() ? BadFile() : handler.status(); };
  std::array<char, 1 << 16> buffer;
  std::size_t total = 0;
  zip_int64_t n;
  while ((n = zip_fread(file.get(), buffer.data(), buffer.size())) > 0) {
    total += static_cast<std::size_t>(n);
    if (total > kMaxPartBytes) return TooLarge();
    if (XML_Parse(parser.get(), buffer.data(), static_cast<int>(n), XML_FALSE) != XML_STATUS_OK) {
      return failed();
    }
  }
  if (n < 0) return BadFile();
  if (XML_Parse(parser.get(), nullptr, 0, XML_TRUE) != XML_STATUS_OK) return failed();
  return handler.status();
}

bool HasEntry(zip_t* zip, const std::string& name) {
  return zip_name_locate(zip, name.c_str(), 0) >= 0;
}

struct Relationship {
  std::string type, target;
};

// <Relationship Id Type Target/> of a .rels part, by Id; external targets are left out.
class RelationshipsHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    auto id = Attr(attrs, "Id"), type = Attr(attrs, "Type"), target = Attr(attrs, "Target");
    if (!id || !type || !target || Attr(attrs, "TargetMode") == "External") return;
    rels.emplace(std::string(*id), Relationship{std::string(*type), std::string(*target)});
  }
  void End(std::string_view) override {}

  // The target of the first relationship whose type ends in "/" + `kind`.
  std::optional<std::string> TargetOfType(std::string_view kind) const {
    for (const auto& [id, rel] : rels) {
      std::string_view type = rel.type;
      if (type.size() > kind.size() && type.ends_with(kind) &&
          type[type.size() - kind.size() - 1] == '/') {
        return rel.target;
      }
    }
    return std::nullopt;
  }

  std::map<std::string, Relationship> rels;
};

// The relationship id (r:id) of the first <sheet> in workbook order.
class WorkbookHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attrs) override {
    if (name != "sheet" || first_sheet_rid) return;
    if (auto rid = Attr(attrs, "id", /*namespaced=*/true)) first_sheet_rid = std::string(*rid);
  }
  void End(std::string_view) override {}

  std::optional<std::string> first_sheet_rid;
};

std::string_view DirOf(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1);
}

// A relationship target resolved against the folder of the part that owns it: "/xl/a.xml" is
// absolute, "worksheets/s.xml" relative; "." and ".." segments are folded.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  std::string joined = target.starts_with('/') ? std::string(target.substr(1))
                                               : std::string(base_dir) + std::string(target);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= joined.size()) {
    auto slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    std::string part = joined.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "/") + part;
  return out;
}

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
std::string RelsPathOf(std::string_view part) {
  auto dir = DirOf(part);
  return std::string(dir) + "_rels/" + std::string(part.substr(dir.size())) + ".rels";
}

// The workbook part named by the package relationships, else the usual xl/workbook.xml.
std::string WorkbookPath(zip_t* zip) {
  if (HasEntry(zip, "_rels/.rels")) {
    RelationshipsHandler package;
    if (ParsePart(zip, "_rels/.rels", package).ok()) {
      if (auto target = package.TargetOfType("officeDocument")) return ResolveTarget("", *target);
    }
  }
  return "xl/workbook.xml";
}

struct SheetParts {
  std::string sheet;
  std::optional<std::string> shared_strings;
};

Result<SheetParts> FindParts(zip_t* zip) {
  const std::string workbook = WorkbookPath(zip);
  WorkbookHandler book;
  OCOP_RETURN_IF_ERROR(ParsePart(zip, workbook, book));
  if (!book.first_sheet_rid) return Err(BadFile());
  RelationshipsHandler rels;
  OCOP_RETURN_IF_ERROR(ParsePart(zip, RelsPathOf(workbook), rels));
  auto sheet = rels.rels.find(*book.first_sheet_rid);
  if (sheet == rels.rels.end()) return Err(BadFile());
  SheetParts parts{ResolveTarget(DirOf(workbook), sheet->second.target), std::nullopt};
  if (auto shared = rels.TargetOfType("sharedStrings")) {
    parts.shared_strings = ResolveTarget(DirOf(workbook), *shared);
  }
  return parts;
}

// The text of <t> elements under `container` (an <si> or an inline <is>), skipping phonetic
// runs (<rPh>), which are not part of the value.
class RichTextCollector {
 public:
  void Start(std::string_view name) {
    if (name == "rPh") ++phonetic_depth_;
    if (name == "t" && phonetic_depth_ == 0) in_t_ = true;
  }
  void End(std::string_view name) {
    if (name == "rPh" && phonetic_depth_ > 0) --phonetic_depth_;
    if (name == "t") in_t_ = false;
  }
  void Text(std::string_view text) {
    if (in_t_) text_.append(text);
  }
  std::string Take() {
    phonetic_depth_ = 0;
    in_t_ = false;
    return std::exchange(text_, {});
  }

 private:
  int phonetic_depth_ = 0;
  bool in_t_ = false;
  std::string text_;
};

// The shared-string table (<sst><si>…</si></sst>), in order.
class SharedStringsHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char**) override {
    if (name == "si") {
      in_si_ = true;
      collector_.Take();
    } else if (in_si_) {
      collector_.Start(name);
    }
  }
  void End(std::string_view name) override {
    if (!in_si_) return;
    if (name != "si") return collector_.End(name);
    in_si_ = false;
    if (strings.size() >= kMaxSharedStrings) return Fail(TooLarge());
    strings.push_back(collector_.Take());
  }
  void Text(std::string_view text) override {
    if (in_si_) collector_.Text(text);
  }

  std::vector<std::string> strings;

 private:
  bool in_si_ = false;
  RichTextCollector collector_;
};

// "C7" → column 2 (0-based) and row 7; nullopt unless letters (A..XFD) then digits (1..1048576).
struct CellRef {
  int column;
  long row;
};
std::optional<CellRef> ParseCellRef(std::string_view ref) {
  std::size_t i = 0;
  int column = 0;
  for (; i < ref.size() && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    column = column * 26 + (ref[i] - 'A' + 1);
  }
  if (i == 0 || column > 16384) return std::nullopt;
  auto digits = ref.substr(i);
  if (digits.empty() || digits.size() > 7 || digits[0] == '0') return std::nullopt;
  long row = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    row = row * 10 + (c - '0');
  }
  if (row > 1048576) return std::nullopt;
  return CellRef{column - 1, row};
}

std::optional<long> ParseRowNumber(std::string_view digits) {
  auto ref = ParseCellRef(std::string("A") + std::string(digits));
  if (!ref) return std::nullopt;
  return ref->row;
}

std::optional<std::size_t> ParseIndex(std::string_view digits) {
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  std::size_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

// <sheetData><row r><c r t><v/>|<is/></c></row></sheetData> into a grid of text.
class SheetHandler : public XmlHandler {
 public:
  explicit SheetHandler(const std::vector<std::string>& shared) : shared_(shared) {}

  void Start(std::string_view name, const char** attrs) override {
    if (name == "sheetData") in_data_ = true;
    if (!in_data_) return;
    if (in_cell_) return CellChildStart(name);
    if (name == "row") return RowStart(attrs);
    if (name == "c") return CellStart(attrs);
  }
  void End(std::string_view name) override {
    if (name == "sheetData") in_data_ = false;
    if (!in_cell_) return;
    if (name == "c") return CellEnd();
    if (name == "v") in_v_ = false;
    if (name == "is") in_is_ = false;
    if (in_is_) inline_.End(name);
  }
  void Text(std::string_view text) override {
    if (in_v_) value_.append(text);
    if (in_is_) inline_.Text(text);
  }

  std::vector<std::vector<std::string>> TakeGrid() {
    for (auto& row : grid_) row.resize(width_);
    return std::move(grid_);
  }

 private:
  void RowStart(const char** attrs) {
    auto r = Attr(attrs, "r");
    std::optional<long> row = r ? ParseRowNumber(*r) : std::optional<long>(row_ + 1);
    if (!row) return Fail(BadFile());
    row_ = *row;
    next_column_ = 0;
  }

  void CellStart(const char** attrs) {
    in_cell_ = true;
    cell_row_ = row_ > 0 ? row_ : 1;
    cell_column_ = next_column_;
    if (auto r = Attr(attrs, "r")) {
      auto ref = ParseCellRef(*r);
      if (!ref) return Fail(BadFile());
      cell_row_ = ref->row;
      cell_column_ = ref->column;
    }
    next_column_ = cell_column_ + 1;
    type_ = std::string(Attr(attrs, "t").value_or("n"));
    value_.clear();
    inline_.Take();
  }

  void CellChildStart(std::string_view name) {
    if (name == "v") in_v_ = true;
    if (name == "is") in_is_ = true;
    if (in_is_) inline_.Start(name);
  }

  void CellEnd() {
    in_cell_ = in_v_ = in_is_ = false;
    auto text = CellText();
    if (!text) return Fail(BadFile());
    if (text->empty()) return;
    if (cell_row_ > kXlsxMaxRows || cell_column_ >= kXlsxMaxColumns) return Fail(TooLarge());
    if (grid_.size() < static_cast<std::size_t>(cell_row_)) grid_.resize(cell_row_);
    auto& row = grid_[cell_row_ - 1];
    if (row.size() <= static_cast<std::size_t>(cell_column_)) row.resize(cell_column_ + 1);
    row[cell_column_] = std::move(*text);
    width_ = std::max(width_, static_cast<std::size_t>(cell_column_) + 1);
  }

  // The value of the cell just closed by its type; nullopt for a bad shared-string index.
  std::optional<std::string> CellText() {
    if (type_ == "s") {
      if (value_.empty()) return std::string();
      auto index = ParseIndex(value_);
      if (!index || *index >= shared_.size()) return std::nullopt;
      return shared_[*index];
    }
    if (type_ == "inlineStr") return inline_.Take();
    if (type_ == "b") {
      if (value_ == "1") return std::string("TRUE");
      if (value_ == "0") return std::string("FALSE");
    }
    return std::move(value_);
  }

  const std::vector<std::string>& shared_;
  std::vector<std::vector<std::string>> grid_;
  std::size_t width_ = 0;
  bool in_data_ = false, in_cell_ = false, in_v_ = false, in_is_ = false;
  long row_ = 0;
  int next_column_ = 0;
  long cell_row_ = 0;
  int cell_column_ = 0;
  std::string type_, value_;
  RichTextCollector inline_;
};

Result<ZipPtr> OpenZip(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Err(BadFile());
  }
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (zip == nullptr) {
    zip_source_free(source);
    return Err(BadFile());
  }
  return ZipPtr(zip);
}

}  // namespace

Result<std::vector<std::vector<std::string>>> ReadXlsxFirstSheet(std::string_view bytes) {
  if (bytes.empty()) return Err(BadFile());
  OCOP_ASSIGN_OR_RETURN(ZipPtr zip, OpenZip(bytes));
  OCOP_ASSIGN_OR_RETURN(SheetParts parts, FindParts(zip.get()));
  SharedStringsHandler shared;
  if (parts.shared_strings) {
    OCOP_RETURN_IF_ERROR(ParsePart(zip.get(), *parts.shared_strings, shared));
  }
  SheetHandler sheet(shared.strings);
  OCOP_RETURN_IF_ERROR(ParsePart(zip.get(), parts.sheet, sheet));
  return sheet.TakeGrid();
}

}  // namespace ocop::datafiles
