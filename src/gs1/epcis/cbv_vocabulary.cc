#include "gs1/epcis/cbv_vocabulary.h"

#include <algorithm>
#include <array>
#include <span>

namespace ocop::gs1::epcis {
namespace {

// The terms are the enumerations of GS1's EPCIS 2.0 JSON Schema
// (EPCIS-JSON-Schema.json, definitions bizStep, disposition, …), sorted here
// so that lookups are binary searches.
constexpr std::array kBizSteps = std::to_array<std::string_view>({
    "accepting",
    "arriving",
    "assembling",
    "collecting",
    "commissioning",
    "consigning",
    "creating_class_instance",
    "cycle_counting",
    "decommissioning",
    "departing",
    "destroying",
    "disassembling",
    "dispensing",
    "encoding",
    "entering_exiting",
    "holding",
    "inspecting",
    "installing",
    "killing",
    "loading",
    "other",
    "packing",
    "picking",
    "receiving",
    "removing",
    "repackaging",
    "repairing",
    "replacing",
    "reserving",
    "retail_selling",
    "sampling",
    "sensor_reporting",
    "shipping",
    "staging_outbound",
    "stock_taking",
    "stocking",
    "storing",
    "transporting",
    "unloading",
    "unpacking",
    "void_shipping",
});
constexpr std::array kDispositions = std::to_array<std::string_view>({
    "active",
    "available",
    "completeness_inferred",
    "completeness_verified",
    "conformant",
    "container_closed",
    "container_open",
    "damaged",
    "destroyed",
    "dispensed",
    "disposed",
    "encoded",
    "expired",
    "in_progress",
    "in_transit",
    "inactive",
    "mismatch_class",
    "mismatch_instance",
    "mismatch_quantity",
    "needs_replacement",
    "no_pedigree_match",
    "non_conformant",
    "non_sellable_other",
    "partially_dispensed",
    "recalled",
    "reserved",
    "retail_sold",
    "returned",
    "sellable_accessible",
    "sellable_not_accessible",
    "stolen",
    "unavailable",
    "unknown",
});
constexpr std::array kBizTransactionTypes = std::to_array<std::string_view>({
    "bol",
    "cert",
    "desadv",
    "inv",
    "pedigree",
    "po",
    "poc",
    "prodorder",
    "recadv",
    "rma",
    "testprd",
    "testres",
    "upevt",
});
constexpr std::array kSourceDestinationTypes =
    std::to_array<std::string_view>({"location", "owning_party", "possessing_party"});
constexpr std::array kErrorReasons =
    std::to_array<std::string_view>({"did_not_occur", "incorrect_data"});
constexpr std::array kComponents = std::to_array<std::string_view>({
    "altitude",
    "axial_distance",
    "azimuth",
    "easting",
    "elevation_angle",
    "height",
    "latitude",
    "longitude",
    "northing",
    "polar_angle",
    "spherical_radius",
    "x",
    "y",
    "z",
});
constexpr std::array kMeasurementTypes = std::to_array<std::string_view>({
    "AbsoluteHumidity",
    "AbsorbedDose",
    "AbsorbedDoseRate",
    "Acceleration",
    "Altitude",
    "AmountOfSubstance",
    "AmountOfSubstancePerUnitVolume",
    "Angle",
    "AngularAcceleration",
    "AngularMomentum",
    "AngularVelocity",
    "Area",
    "Capacitance",
    "Conductance",
    "Conductivity",
    "Count",
    "Density",
    "Dimensionless",
    "DoseEquivalent",
    "DoseEquivalentRate",
    "DynamicViscosity",
    "ElectricCharge",
    "ElectricCurrent",
    "ElectricCurrentDensity",
    "ElectricFieldStrength",
    "Energy",
    "Exposure",
    "Force",
    "Frequency",
    "Illuminance",
    "Inductance",
    "Irradiance",
    "KinematicViscosity",
    "Length",
    "LinearMomentum",
    "Luminance",
    "LuminousFlux",
    "LuminousIntensity",
    "MagneticFlux",
    "MagneticFluxDensity",
    "MagneticVectorPotential",
    "Mass",
    "MassConcentration",
    "MassFlowRate",
    "MassPerAreaTime",
    "MemoryCapacity",
    "MolalityOfSolute",
    "MolarEnergy",
    "MolarMass",
    "MolarVolume",
    "Power",
    "Pressure",
    "RadiantFlux",
    "RadiantIntensity",
    "Radioactivity",
    "RelativeHumidity",
    "Resistance",
    "Resistivity",
    "SolidAngle",
    "SpecificVolume",
    "Speed",
    "SurfaceDensity",
    "SurfaceTension",
    "Temperature",
    "Time",
    "Torque",
    "Voltage",
    "Volume",
    "VolumeFlowRate",
    "VolumeFraction",
    "VolumetricFlux",
    "Wavenumber",
});
constexpr std::array kSensorAlertTypes =
    std::to_array<std::string_view>({"ALARM_CONDITION", "ERROR_CONDITION"});

struct VocabularyForms {
  std::span<const std::string_view> terms;
  std::string_view urn_prefix;  // "" when the vocabulary has no URN form
  std::string_view web_prefix;  // full URI before the term
  std::string_view curie_prefix;
};

constexpr std::string_view kCbv = "https://ref.gs1.org/cbv/";

VocabularyForms FormsOf(CbvVocabulary vocabulary) {
  switch (vocabulary) {
    case CbvVocabulary::kBizStep:
      return {kBizSteps, "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-",
              "cbv:BizStep-"};
    case CbvVocabulary::kDisposition:
      return {kDispositions, "urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-",
              "cbv:Disp-"};
    case CbvVocabulary::kBizTransactionType:
      return {kBizTransactionTypes, "urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-",
              "cbv:BTT-"};
    case CbvVocabulary::kSourceDestinationType:
      return {kSourceDestinationTypes, "urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-",
              "cbv:SDT-"};
    case CbvVocabulary::kErrorReason:
      return {kErrorReasons, "urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-", "cbv:ER-"};
    case CbvVocabulary::kComponent:
      return {kComponents, "", "https://ref.gs1.org/cbv/Comp-", "cbv:Comp-"};
    case CbvVocabulary::kMeasurementType:
      return {kMeasurementTypes, "", "https://gs1.org/voc/", "gs1:"};
    case CbvVocabulary::kSensorAlertType:
      return {kSensorAlertTypes, "", "https://gs1.org/voc/", "gs1:"};
  }
  return {};
}

bool Contains(std::span<const std::string_view> terms, std::string_view name) {
  return std::binary_search(terms.begin(), terms.end(), name);
}

// The term after `prefix` when `value` starts with it and the rest is a term.
bool StripTerm(const VocabularyForms& forms, std::string_view value, std::string_view prefix,
               std::string_view* term) {
  if (prefix.empty() || !value.starts_with(prefix)) return false;
  std::string_view rest = value.substr(prefix.size());
  if (!Contains(forms.terms, rest)) return false;
  *term = rest;
  return true;
}

}  // namespace

bool IsCbvTerm(CbvVocabulary vocabulary, std::string_view name) {
  return Contains(FormsOf(vocabulary).terms, name);
}

std::string CbvShortName(CbvVocabulary vocabulary, std::string_view value) {
  const VocabularyForms forms = FormsOf(vocabulary);
  if (Contains(forms.terms, value)) return std::string(value);
  std::string_view term;
  if (StripTerm(forms, value, forms.web_prefix, &term) ||
      StripTerm(forms, value, forms.urn_prefix, &term) ||
      StripTerm(forms, value, forms.curie_prefix, &term)) {
    return std::string(term);
  }
  return "";
}

std::string CbvWebUri(CbvVocabulary vocabulary, std::string_view value) {
  std::string term = CbvShortName(vocabulary, value);
  if (term.empty()) return std::string(value);
  return std::string(FormsOf(vocabulary).web_prefix) + term;
}

std::string CbvUrnToWebUri(std::string_view value) {
  struct UrnForm {
    std::string_view urn;
    std::string_view web;
  };
  static constexpr UrnForm kForms[] = {
      {"urn:epcglobal:cbv:bizstep:", "BizStep-"}, {"urn:epcglobal:cbv:disp:", "Disp-"},
      {"urn:epcglobal:cbv:btt:", "BTT-"},         {"urn:epcglobal:cbv:sdt:", "SDT-"},
      {"urn:epcglobal:cbv:er:", "ER-"},
  };
  for (const UrnForm& form : kForms) {
    if (value.starts_with(form.urn)) {
      return std::string(kCbv) + std::string(form.web) + std::string(value.substr(form.urn.size()));
    }
  }
  return std::string(value);
}

}  // namespace ocop::gs1::epcis
