// The CBV 2.0 standard vocabularies that EPCIS events use (business steps,
// dispositions, business transaction types, source/destination types, error
// reasons, sensor components, measurement types, sensor alert types), with
// the three ways an event may write a value: bare ("shipping", as in JSON-LD),
// URN ("urn:epcglobal:cbv:bizstep:shipping") and Web URI
// ("https://ref.gs1.org/cbv/BizStep-shipping" or the CURIE
// "cbv:BizStep-shipping"). Pure code.
#pragma once

#include <string>
#include <string_view>

namespace ocop::gs1::epcis {

enum class CbvVocabulary {
  kBizStep,
  kDisposition,
  kBizTransactionType,
  kSourceDestinationType,
  kErrorReason,
  kComponent,
  kMeasurementType,  // GS1 Web Vocabulary (https://gs1.org/voc/)
  kSensorAlertType,  // GS1 Web Vocabulary
};

// True when `name` is a bare term of the vocabulary ("shipping").
bool IsCbvTerm(CbvVocabulary vocabulary, std::string_view name);

// The bare term of `value` whichever of the forms above it is written in, or
// "" when it is not a term of that vocabulary (a user-defined URI).
std::string CbvShortName(CbvVocabulary vocabulary, std::string_view value);

// The full Web URI of `value` when it is a term of the vocabulary in any form
// ("https://ref.gs1.org/cbv/BizStep-shipping", "https://gs1.org/voc/Temperature"),
// else `value` unchanged. Used by the event hash (CBV 2.0 rules 14–16).
std::string CbvWebUri(CbvVocabulary vocabulary, std::string_view value);

// Rewrites a CBV URN of any vocabulary ("urn:epcglobal:cbv:disp:in_transit")
// to its Web URI; other strings unchanged.
std::string CbvUrnToWebUri(std::string_view value);

}  // namespace ocop::gs1::epcis
