//! The controlled vocabularies of the case format: roles, institution kinds,
//! event kinds, assessment results, concerns, contributory factors and the
//! small enumerations (mode, gender, outcome).
//!
//! Each value has a canonical English id (written in output) and German
//! aliases (accepted in input). Matching ignores case and treats `ä`/`ae`,
//! `ö`/`oe`, `ü`/`ue` and `ß`/`ss` alike; nothing else is folded.

use std::fmt;

/// What every vocabulary offers to the loader, the schema and the reports.
pub trait Vocabulary: Copy + Sized + 'static {
    /// Name of the vocabulary as used in messages (`role`, `event kind`, ...).
    const NAME: &'static str;
    /// German name of the vocabulary for messages.
    const NAME_DE: &'static str;
    /// Every value with its canonical id, German aliases and display labels.
    fn entries() -> &'static [Entry<Self>];

    /// The canonical English id.
    fn id(self) -> &'static str {
        self.entry().id
    }

    /// The German display label (the first German term).
    fn label_de(self) -> &'static str {
        self.entry().de.first().copied().unwrap_or(self.entry().id)
    }

    /// The English display label.
    fn label_en(self) -> &'static str {
        self.entry().en
    }

    fn entry(self) -> &'static Entry<Self>;

    /// Every accepted term, folded, with its value (built once).
    fn folded_terms() -> &'static [(String, Self)];

    /// Parses a canonical id or a German alias (case- and umlaut-insensitive).
    fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        // Fast path: the canonical id as written, without allocating.
        if let Some(e) = Self::entries().iter().find(|e| e.id == text) {
            return Some(e.value);
        }
        let folded = fold(text);
        Self::folded_terms().iter().find(|(t, _)| *t == folded).map(|&(_, v)| v)
    }

    /// The closest canonical id to a misspelling, for "did you mean" hints.
    fn suggest(text: &str) -> Option<&'static str> {
        let folded = fold(text.trim());
        Self::entries()
            .iter()
            .flat_map(|e| std::iter::once(e.id).chain(e.de.iter().copied()).map(move |t| (e.id, t)))
            .map(|(id, term)| (id, edit_distance(&folded, &fold(term))))
            .filter(|&(_, d)| d <= 2 && d * 3 <= folded.chars().count().max(1))
            .min_by_key(|&(_, d)| d)
            .map(|(id, _)| id)
    }

    /// All canonical ids, in declaration order.
    fn ids() -> Vec<&'static str> {
        Self::entries().iter().map(|e| e.id).collect()
    }
}

/// One value of a vocabulary.
#[derive(Debug)]
pub struct Entry<T: 'static> {
    pub value: T,
    pub id: &'static str,
    /// German terms accepted as aliases; the first is the display label.
    pub de: &'static [&'static str],
    pub en: &'static str,
}

/// Folds text for vocabulary matching: the crate's fold rule restricted
/// to case, `ä`→`ae`, `ö`→`oe`, `ü`→`ue`, `ß`→`ss` (see [`crate::text::fold`]).
pub fn fold(text: &str) -> String {
    crate::text::fold_vocabulary(text)
}

/// Levenshtein distance, for "did you mean" hints.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $vname:literal, $vname_de:literal {
            $( $variant:ident => $id:literal, [$($de:literal),* $(,)?], $en:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),* }

        impl $name {
            const ENTRIES: &'static [Entry<$name>] = &[
                $( Entry { value: $name::$variant, id: $id, de: &[$($de),*], en: $en } ),*
            ];
        }

        impl Vocabulary for $name {
            const NAME: &'static str = $vname;
            const NAME_DE: &'static str = $vname_de;
            fn entries() -> &'static [Entry<Self>] {
                Self::ENTRIES
            }
            fn entry(self) -> &'static Entry<Self> {
                &Self::ENTRIES[self as usize]
            }
            fn folded_terms() -> &'static [(String, Self)] {
                static TERMS: std::sync::OnceLock<Vec<(String, $name)>> = std::sync::OnceLock::new();
                TERMS.get_or_init(|| {
                    Self::ENTRIES
                        .iter()
                        .flat_map(|e| std::iter::once(e.id).chain(e.de.iter().copied()).map(move |t| (fold(t), e.value)))
                        .collect()
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }
    };
}

vocabulary! {
    /// The role of a person in the case.
    Role, "role", "Rolle" {
        Child => "child", ["Kind"], "child";
        Mother => "mother", ["Mutter"], "mother";
        Father => "father", ["Vater"], "father";
        StepParent => "step_parent", ["Stiefelternteil", "Partner eines Elternteils"], "step-parent";
        Sibling => "sibling", ["Geschwister"], "sibling";
        Grandparent => "grandparent", ["Großelternteil"], "grandparent";
        Relative => "relative", ["Verwandte"], "relative";
        FosterParent => "foster_parent", ["Pflegeelternteil"], "foster parent";
        Neighbour => "neighbour", ["Nachbar"], "neighbour";
        Other => "other", ["Sonstige"], "other";
    }
}

impl Role {
    /// Parents in the sense of the checklist rules.
    pub fn is_parent(self) -> bool {
        matches!(self, Role::Mother | Role::Father | Role::StepParent | Role::FosterParent)
    }
}

vocabulary! {
    /// The kind of an institution.
    InstitutionKind, "institution kind", "Art der Institution" {
        YouthOffice => "youth_office", ["Jugendamt", "ASD"], "youth office";
        Provider => "provider", ["freier Träger der Jugendhilfe"], "youth-welfare provider";
        Daycare => "daycare", ["Kita"], "daycare";
        School => "school", ["Schule"], "school";
        Police => "police", ["Polizei"], "police";
        HealthOffice => "health_office", ["Gesundheitsamt"], "health office";
        Doctor => "doctor", ["Arztpraxis", "Kinderarzt"], "doctor";
        Hospital => "hospital", ["Klinik"], "hospital";
        Midwife => "midwife", ["Hebamme", "Familienhebamme"], "midwife";
        EarlyHelp => "early_help", ["Frühe Hilfen"], "early help";
        Court => "court", ["Familiengericht"], "family court";
        Prosecutor => "prosecutor", ["Staatsanwaltschaft"], "prosecutor";
        Counselling => "counselling", ["Beratungsstelle"], "counselling service";
        WomensShelter => "womens_shelter", ["Frauenhaus"], "women's shelter";
        JobCenter => "job_center", ["Jobcenter"], "job centre";
        Housing => "housing", ["Wohnungslosenhilfe"], "housing support";
        ForensicMedicine => "forensic_medicine", ["Rechtsmedizin", "Kinderschutzambulanz"], "forensic medicine / child-protection clinic";
        Other => "other", ["Sonstige"], "other";
    }
}

impl InstitutionKind {
    /// Professional reporters in the sense of the rules: every kind but `other`.
    pub fn is_professional(self) -> bool {
        self != InstitutionKind::Other
    }

    /// Institutions whose professionals are bound by § 4 KKG (checklist K08).
    pub fn is_kkg_bound(self) -> bool {
        use InstitutionKind::*;
        matches!(
            self,
            Provider
                | School
                | HealthOffice
                | Doctor
                | Hospital
                | Midwife
                | EarlyHelp
                | Counselling
                | WomensShelter
                | Housing
                | ForensicMedicine
        )
    }

    /// Medical reporters in the sense of `afl-erweitert`.
    pub fn is_medical(self) -> bool {
        use InstitutionKind::*;
        matches!(self, Hospital | Doctor | ForensicMedicine)
    }
}

vocabulary! {
    /// The kind of an event on the timeline.
    EventKind, "event kind", "Ereignisart" {
        Report => "report", ["Meldung", "Gefährdungsmitteilung"], "report";
        RiskAssessment => "risk_assessment", ["Gefährdungseinschätzung"], "risk assessment";
        HomeVisit => "home_visit", ["Hausbesuch"], "home visit";
        Contact => "contact", ["Kontakt", "Gespräch"], "contact";
        Consultation => "consultation", ["Kollegiale Beratung", "Fallberatung"], "consultation";
        ExpertConsultation => "expert_consultation", ["Beratung durch insoweit erfahrene Fachkraft"], "consultation with a child-protection specialist";
        CaseConference => "case_conference", ["Helferkonferenz", "Fallkonferenz"], "case conference";
        HelpPlan => "help_plan", ["Hilfeplangespräch"], "help-plan meeting";
        HelpStart => "help_start", ["Beginn einer Hilfe"], "start of help";
        HelpEnd => "help_end", ["Ende einer Hilfe"], "end of help";
        SafetyPlan => "safety_plan", ["Schutzplan", "Schutzvereinbarung"], "safety plan";
        CourtApplication => "court_application", ["Anrufung des Familiengerichts"], "application to the family court";
        CourtDecision => "court_decision", ["Beschluss des Familiengerichts"], "family-court decision";
        Custody => "custody", ["Inobhutnahme"], "emergency custody";
        ReturnHome => "return_home", ["Rückführung"], "return home";
        Handover => "handover", ["Fallübergabe", "Zuständigkeitswechsel"], "handover";
        InformationSharing => "information_sharing", ["Informationsweitergabe"], "information sharing";
        Feedback => "feedback", ["Rückmeldung an die meldende Stelle"], "feedback to the reporter";
        Medical => "medical", ["Ärztliche Untersuchung"], "medical examination";
        Police => "police", ["Polizeieinsatz"], "police call-out";
        MissedAppointment => "missed_appointment", ["Termin nicht wahrgenommen"], "missed appointment";
        Incident => "incident", ["Kritisches Ereignis"], "critical incident";
        CaseClosed => "case_closed", ["Fallabschluss"], "case closed";
        Supervision => "supervision", ["Supervision"], "supervision";
        Observation => "observation", ["Beobachtung", "Anhaltspunkt"], "observation of risk signs";
        Complaint => "complaint", ["Beschwerde"], "complaint";
        Other => "other", ["Sonstiges"], "other";
    }
}

vocabulary! {
    /// The result of a risk assessment (§ 8a SGB VIII statistics categories plus `unclear`).
    AssessmentResult, "assessment result", "Ergebnis der Gefährdungseinschätzung" {
        Acute => "acute", ["akute Kindeswohlgefährdung"], "acute risk";
        Latent => "latent", ["latente Kindeswohlgefährdung"], "latent risk";
        NeedForHelp => "need_for_help", ["keine Kindeswohlgefährdung, aber Hilfebedarf"], "no risk, but need for help";
        None => "none", ["keine Kindeswohlgefährdung und kein Hilfebedarf"], "no risk and no need for help";
        Unclear => "unclear", ["unklar"], "unclear";
    }
}

vocabulary! {
    /// A concern named in a report.
    Concern, "concern", "Anhaltspunkt" {
        PhysicalAbuse => "physical_abuse", ["körperliche Misshandlung"], "physical abuse";
        Neglect => "neglect", ["Vernachlässigung"], "neglect";
        SexualAbuse => "sexual_abuse", ["sexueller Missbrauch"], "sexual abuse";
        EmotionalAbuse => "emotional_abuse", ["seelische Misshandlung"], "emotional abuse";
        DomesticViolence => "domestic_violence", ["häusliche Gewalt"], "domestic violence";
        ParentalMentalIllness => "parental_mental_illness", ["psychische Erkrankung eines Elternteils"], "parental mental illness";
        SubstanceAbuse => "substance_abuse", ["Sucht eines Elternteils"], "parental substance abuse";
        Other => "other", ["Sonstiges"], "other";
    }
}

vocabulary! {
    /// The position of a professional (format addition).
    StaffPosition, "staff position", "Position der Fachkraft" {
        Caseworker => "caseworker", ["Fallführung", "fallführende Fachkraft"], "caseworker";
        Lead => "lead", ["Leitung", "Teamleitung", "Amtsleitung"], "lead";
        Guardian => "guardian", ["Vormund", "Amtsvormund"], "guardian";
        Expert => "expert", ["insoweit erfahrene Fachkraft"], "child-protection specialist";
        Other => "other", ["Sonstige"], "other";
    }
}

vocabulary! {
    /// What an actor explicitly recommended (format addition, event field `advice`).
    Advice, "advice", "Empfehlung" {
        Protect => "protect", ["Schutz", "Inobhutnahme empfohlen"], "protection recommended";
        NoReturn => "no_return", ["warnt vor Rückführung"], "warns against return home";
        Court => "court", ["Anrufung des Familiengerichts empfohlen"], "court recommended";
        Assess => "assess", ["Abklärung empfohlen"], "assessment recommended";
    }
}

vocabulary! {
    /// How the receiving office filed a report (format addition, `recorded_as`).
    RecordedAs, "recorded as", "erfasst als" {
        Report => "report", ["Gefährdungsmitteilung"], "risk report";
        Counselling => "counselling", ["Beratung"], "counselling";
        Information => "information", ["Information", "Sonstiges"], "information";
        NotRecorded => "not_recorded", ["nicht erfasst"], "not recorded";
    }
}

vocabulary! {
    /// The state of a measure a workshop agreed (format addition, `measures`).
    MeasureStatus, "measure status", "Stand der Maßnahme" {
        Open => "open", ["offen"], "open";
        Done => "done", ["umgesetzt"], "done";
        Dropped => "dropped", ["verworfen"], "dropped";
    }
}

vocabulary! {
    /// A contributory factor recorded by the review team.
    Factor, "contributory factor", "beitragender Faktor" {
        Assessment => "assessment", ["Gefährdungseinschätzung"], "risk assessment";
        Cooperation => "cooperation", ["Kooperation", "Schnittstellen"], "cooperation and interfaces";
        Communication => "communication", ["Informationsfluss"], "flow of information";
        Participation => "participation", ["Beteiligung von Kind und Eltern"], "participation of child and parents";
        Documentation => "documentation", ["Dokumentation"], "documentation";
        Handover => "handover", ["Fallübergabe"], "handover";
        Workload => "workload", ["Personal und Fallbelastung"], "staffing and caseload";
        Leadership => "leadership", ["Leitung und Aufsicht"], "leadership and supervision";
        Procedures => "procedures", ["Verfahren und Standards"], "procedures and standards";
        Resources => "resources", ["Ressourcen und Angebote"], "resources and services";
        Other => "other", ["Sonstiges"], "other";
    }
}

vocabulary! {
    /// How a contact, handover, feedback or conference took place.
    /// The German aliases are lernfall's own addition (the format lists none).
    Mode, "mode", "Form" {
        Meeting => "meeting", ["persönlich", "Treffen"], "in person";
        Phone => "phone", ["telefonisch", "Telefon"], "by phone";
        Written => "written", ["schriftlich"], "in writing";
    }
}

vocabulary! {
    /// Gender of a person. `w` (weiblich) is accepted for `f`.
    Gender, "gender", "Geschlecht" {
        F => "f", ["w", "weiblich"], "female";
        M => "m", ["männlich"], "male";
        D => "d", ["divers"], "diverse";
    }
}

vocabulary! {
    /// How the case ended for the child. The German aliases are lernfall's own.
    Outcome, "outcome", "Ausgang" {
        None => "none", ["keine Schädigung"], "no harm";
        Injury => "injury", ["Verletzung"], "injury";
        SeriousInjury => "serious_injury", ["schwere Verletzung"], "serious injury";
        Death => "death", ["Tod"], "death";
        Other => "other", ["Sonstiges"], "other";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_canonical_ids_and_german_aliases() {
        assert_eq!(EventKind::parse("report"), Some(EventKind::Report));
        assert_eq!(EventKind::parse("Meldung"), Some(EventKind::Report));
        assert_eq!(EventKind::parse("GEFAEHRDUNGSMITTEILUNG"), Some(EventKind::Report));
        assert_eq!(EventKind::parse("Rueckfuehrung"), Some(EventKind::ReturnHome));
        assert_eq!(
            InstitutionKind::parse("freier Traeger der Jugendhilfe"),
            Some(InstitutionKind::Provider)
        );
        assert_eq!(Role::parse("Partner eines Elternteils"), Some(Role::StepParent));
        assert_eq!(Role::parse("Grosselternteil"), Some(Role::Grandparent));
        assert_eq!(
            AssessmentResult::parse("Keine Kindeswohlgefährdung, aber Hilfebedarf"),
            Some(AssessmentResult::NeedForHelp)
        );
        assert_eq!(Concern::parse("Häusliche Gewalt"), Some(Concern::DomesticViolence));
    }

    #[test]
    fn folds_only_umlauts_and_case() {
        assert_eq!(EventKind::parse("Meldungen"), None);
        assert_eq!(EventKind::parse("home visit"), None);
        assert_eq!(Role::parse("Mütter"), None);
    }

    #[test]
    fn entries_are_in_declaration_order() {
        for e in EventKind::entries() {
            assert_eq!(e.value.id(), e.id);
        }
        for e in InstitutionKind::entries() {
            assert_eq!(e.value.id(), e.id);
        }
    }

    #[test]
    fn suggests_close_ids() {
        assert_eq!(EventKind::suggest("home_vist"), Some("home_visit"));
        assert_eq!(EventKind::suggest("zzzzzzzz"), None);
    }
}
