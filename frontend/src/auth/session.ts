import { api, FORM_URLENCODED, publicApi } from "../api/http";

/** OAuth2 password grant (form-encoded, no bearer token): the access token for these credentials. */
export function requestToken(email: string, password: string) {
  return publicApi.POST("/api/v1/auth/token", { body: { username: email, password, grant_type: "password" }, headers: FORM_URLENCODED });
}

/** The signed-in user (bearer token). */
export const fetchMe = () => api.GET("/api/v1/auth/me");
