import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import { FILE_TYPES, SEMINAR_MODES, type FileType, type Seminar, type SeminarInput, type SeminarMode } from "../api/types";
import { ErrorMessage, Loading } from "../components/Feedback";
import { Field } from "../components/Field";
import { SitePicker } from "../components/SitePicker";
import { DEFAULT_TZ, formatInputValue, isoToZonedInput, isValidTimeZone, zonedInputToIso } from "../lib/format";
import { slugify } from "../lib/text";

const COMMON_TIMEZONES = ["Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Singapore", "Asia/Tokyo", "Europe/Paris", "UTC"];

interface FormState {
  title: string;
  slug: string;
  description: string;
  organizer_unit: string;
  venue: string;
  mode: SeminarMode;
  timezone: string;
  starts_at: string;
  ends_at: string;
  registration_closes_at: string;
  techcheck_opens_at: string;
  expected_attendance: string;
  main_site_id: number | null;
  submissions_open: boolean;
  submissions_close_at: string;
  submission_instructions: string;
  accepted_file_types: FileType[];
}

const empty: FormState = {
  title: "",
  slug: "",
  description: "",
  organizer_unit: "",
  venue: "",
  mode: "hybrid",
  timezone: DEFAULT_TZ,
  starts_at: "",
  ends_at: "",
  registration_closes_at: "",
  techcheck_opens_at: "",
  expected_attendance: "",
  main_site_id: null,
  submissions_open: false,
  submissions_close_at: "",
  submission_instructions: "",
  accepted_file_types: [...FILE_TYPES],
};

function fromSeminar(s: Seminar): FormState {
  const tz = s.timezone || DEFAULT_TZ;
  return {
    title: s.title,
    slug: s.slug,
    description: s.description ?? "",
    organizer_unit: s.organizer_unit ?? "",
    venue: s.venue ?? "",
    mode: s.mode,
    timezone: tz,
    starts_at: isoToZonedInput(s.starts_at, tz),
    ends_at: isoToZonedInput(s.ends_at, tz),
    registration_closes_at: isoToZonedInput(s.registration_closes_at, tz),
    techcheck_opens_at: isoToZonedInput(s.techcheck_opens_at, tz),
    expected_attendance: s.expected_attendance != null ? String(s.expected_attendance) : "",
    main_site_id: s.main_site_id ?? null,
    submissions_open: s.submissions_open ?? false,
    submissions_close_at: isoToZonedInput(s.submissions_close_at, tz),
    submission_instructions: s.submission_instructions ?? "",
    accepted_file_types: FILE_TYPES.filter((k) => (s.accepted_file_types ?? FILE_TYPES).includes(k)),
  };
}

export function SeminarFormPage() {
  const { id } = useParams();
  const seminarId = id ? Number(id) : null;
  const editing = seminarId !== null;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<FormState>(empty);
  const [slugTouched, setSlugTouched] = useState(false);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const existing = useQuery({
    queryKey: queryKeys.seminar.detail(seminarId!),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}", { params: { path: { seminar_id: seminarId! } } }),
    enabled: editing,
  });
  useEffect(() => {
    if (existing.data) {
      setForm(fromSeminar(existing.data));
      setSlugTouched(true);
    }
  }, [existing.data]);

  const mutation = useMutation({
    mutationFn: (payload: SeminarInput) =>
      editing
        ? api.PATCH("/api/v1/seminars/{seminar_id}", { params: { path: { seminar_id: seminarId! } }, body: payload })
        : api.POST("/api/v1/seminars", { body: payload }),
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminars.all() });
      queryClient.setQueryData(queryKeys.seminar.detail(s.id), s);
      navigate(`/seminars/${s.id}`);
    },
  });

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setLocalErrors((e) => {
      if (!(key in e)) return e;
      const next = { ...e };
      delete next[key];
      return next;
    });
    setForm((f) => {
      const next = { ...f, [key]: value };
      if (key === "title" && !slugTouched) next.slug = slugify(String(value));
      return next;
    });
  };
  const when = (v: string) => (v ? t("seminarForm.when", { when: formatInputValue(v), tz: form.timezone }) : undefined);

  const validate = (): Record<string, string> => {
    const errs: Record<string, string> = {};
    if (!form.title.trim()) errs.title = t("validation.required");
    if (form.slug.trim() && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(form.slug.trim())) errs.slug = t("validation.slug");
    if (!isValidTimeZone(form.timezone)) errs.timezone = t("validation.timezone");
    if (!form.starts_at) errs.starts_at = t("validation.required");
    if (form.ends_at && form.starts_at && form.ends_at <= form.starts_at) errs.ends_at = t("validation.endsAfterStart");
    if (form.expected_attendance && !(Number(form.expected_attendance) >= 0)) errs.expected_attendance = t("validation.nonNegative");
    if (form.accepted_file_types.length === 0) errs.accepted_file_types = t("callForm.typesRequired");
    return errs;
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs = validate();
    setLocalErrors(errs);
    if (Object.keys(errs).length) return;
    const tz = form.timezone;
    mutation.mutate({
      title: form.title.trim(),
      slug: form.slug.trim() || undefined,
      description: form.description.trim() || null,
      organizer_unit: form.organizer_unit.trim() || null,
      venue: form.venue.trim() || null,
      mode: form.mode,
      timezone: tz,
      starts_at: zonedInputToIso(form.starts_at, tz) ?? "",
      ends_at: zonedInputToIso(form.ends_at, tz),
      registration_closes_at: zonedInputToIso(form.registration_closes_at, tz),
      techcheck_opens_at: zonedInputToIso(form.techcheck_opens_at, tz),
      expected_attendance: form.expected_attendance ? Number(form.expected_attendance) : null,
      main_site_id: form.main_site_id,
      submissions_open: form.submissions_open,
      submissions_close_at: zonedInputToIso(form.submissions_close_at, tz),
      submission_instructions: form.submission_instructions.trim() || null,
      accepted_file_types: form.accepted_file_types,
    });
  };

  const serverErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors : {};
  const err = (k: string) => localErrors[k] ?? serverErrors[k] ?? null;

  if (editing && existing.isPending) return <Loading />;
  if (editing && existing.error) return <ErrorMessage error={existing.error} onRetry={() => existing.refetch()} />;

  return (
    <section>
      <nav className="breadcrumb" aria-label={t("nav.breadcrumb")}>
        <Link to="/">{t("nav.seminars")}</Link>
        {editing && existing.data && (
          <>
            {" / "}
            <Link to={`/seminars/${seminarId}`}>{existing.data.title}</Link>
          </>
        )}
      </nav>
      <h1>{editing ? t("seminarForm.editTitle") : t("seminarForm.newTitle")}</h1>
      <form className="card form-grid" onSubmit={onSubmit} noValidate data-testid="seminar-form">
        <Field label={t("seminar.title")} error={err("title")} required className="span-2">
          {(p) => <input {...p} name="title" value={form.title} onChange={(e) => set("title", e.target.value)} />}
        </Field>
        <Field label={t("seminar.slug")} error={err("slug")} hint={t("seminarForm.slugHint")}>
          {(p) => (
            <input
              {...p}
              name="slug"
              value={form.slug}
              onChange={(e) => {
                setSlugTouched(true);
                set("slug", e.target.value);
              }}
            />
          )}
        </Field>
        <Field label={t("seminar.mode")} error={err("mode")} required>
          {(p) => (
            <select {...p} name="mode" value={form.mode} onChange={(e) => set("mode", e.target.value as SeminarMode)}>
              {SEMINAR_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`mode.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("seminar.description")} error={err("description")} className="span-2">
          {(p) => (
            <textarea {...p} name="description" rows={3} value={form.description} onChange={(e) => set("description", e.target.value)} />
          )}
        </Field>
        <Field label={t("seminar.organizer_unit")} error={err("organizer_unit")}>
          {(p) => <input {...p} name="organizer_unit" value={form.organizer_unit} onChange={(e) => set("organizer_unit", e.target.value)} />}
        </Field>
        <Field label={t("seminar.venue")} error={err("venue")}>
          {(p) => <input {...p} name="venue" value={form.venue} onChange={(e) => set("venue", e.target.value)} />}
        </Field>
        <Field label={t("seminar.timezone")} error={err("timezone")} hint={t("seminarForm.timezoneHint")} required>
          {(p) => (
            <>
              <input {...p} name="timezone" list="tz-list" value={form.timezone} onChange={(e) => set("timezone", e.target.value)} />
              <datalist id="tz-list">
                {COMMON_TIMEZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label={t("seminar.expected_attendance")} error={err("expected_attendance")}>
          {(p) => (
            <input
              {...p}
              name="expected_attendance"
              type="number"
              min={0}
              inputMode="numeric"
              value={form.expected_attendance}
              onChange={(e) => set("expected_attendance", e.target.value)}
            />
          )}
        </Field>
        <Field label={t("seminar.starts_at")} error={err("starts_at")} hint={when(form.starts_at)} required>
          {(p) => <input {...p} name="starts_at" type="datetime-local" value={form.starts_at} onChange={(e) => set("starts_at", e.target.value)} />}
        </Field>
        <Field label={t("seminar.ends_at")} error={err("ends_at")} hint={when(form.ends_at)}>
          {(p) => <input {...p} name="ends_at" type="datetime-local" value={form.ends_at} onChange={(e) => set("ends_at", e.target.value)} />}
        </Field>
        <Field label={t("seminar.registration_closes_at")} error={err("registration_closes_at")} hint={when(form.registration_closes_at) ?? t("seminarForm.registrationHint")}>
          {(p) => (
            <input
              {...p}
              name="registration_closes_at"
              type="datetime-local"
              value={form.registration_closes_at}
              onChange={(e) => set("registration_closes_at", e.target.value)}
            />
          )}
        </Field>
        <Field label={t("seminar.techcheck_opens_at")} error={err("techcheck_opens_at")} hint={when(form.techcheck_opens_at) ?? t("seminarForm.techcheckHint")}>
          {(p) => (
            <input {...p} name="techcheck_opens_at" type="datetime-local" value={form.techcheck_opens_at} onChange={(e) => set("techcheck_opens_at", e.target.value)} />
          )}
        </Field>
        <Field label={t("seminar.main_site_id")} error={err("main_site_id")} hint={t("seminarForm.mainSiteHint")}>
          {(p) => (
            <SitePicker
              id={p.id}
              describedBy={p["aria-describedby"]}
              label={t("seminar.main_site_id")}
              value={form.main_site_id}
              onChange={(v) => set("main_site_id", v)}
            />
          )}
        </Field>
        <fieldset className="span-2 call-fieldset" data-testid="call-for-papers">
          <legend>{t("callForm.heading")}</legend>
          <label className="checkbox">
            <input type="checkbox" name="submissions_open" checked={form.submissions_open} onChange={(e) => set("submissions_open", e.target.checked)} />
            <span>{t("callForm.open")}</span>
          </label>
          <div className="form-row">
            <Field
              label={t("callForm.closeAt")}
              error={err("submissions_close_at")}
              hint={when(form.submissions_close_at) ?? t("callForm.closeAtHint")}
            >
              {(p) => (
                <input
                  {...p}
                  name="submissions_close_at"
                  type="datetime-local"
                  value={form.submissions_close_at}
                  onChange={(e) => set("submissions_close_at", e.target.value)}
                />
              )}
            </Field>
            <div className={`field${err("accepted_file_types") ? " field-invalid" : ""}`} role="group" aria-labelledby="file-types-label">
              <span id="file-types-label" className="label">{t("callForm.fileTypes")}</span>
              <div className="btn-row">
                {FILE_TYPES.map((k) => (
                  <label key={k} className="checkbox">
                    <input
                      type="checkbox"
                      name="accepted_file_types"
                      value={k}
                      checked={form.accepted_file_types.includes(k)}
                      onChange={(e) =>
                        set(
                          "accepted_file_types",
                          FILE_TYPES.filter((x) => (x === k ? e.target.checked : form.accepted_file_types.includes(x))),
                        )
                      }
                    />
                    <span>{k.toUpperCase()}</span>
                  </label>
                ))}
              </div>
              {err("accepted_file_types") && <small className="field-error">{err("accepted_file_types")}</small>}
            </div>
          </div>
          <Field label={t("callForm.instructions")} error={err("submission_instructions")} hint={t("callForm.instructionsHint")}>
            {(p) => (
              <textarea
                {...p}
                name="submission_instructions"
                rows={4}
                value={form.submission_instructions}
                onChange={(e) => set("submission_instructions", e.target.value)}
              />
            )}
          </Field>
        </fieldset>
        <p className="muted small span-2">{t("seminarForm.tzNote", { tz: form.timezone })}</p>
        {mutation.error ? (
          <div className="span-2">
            <ErrorMessage error={mutation.error} />
          </div>
        ) : null}
        <div className="form-actions span-2">
          <Link to={editing ? `/seminars/${seminarId}` : "/"} className="btn">
            {t("common.cancel")}
          </Link>
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending} data-testid="seminar-save">
            {mutation.isPending ? t("common.saving") : t("common.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
