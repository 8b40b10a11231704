import { type APIRequestContext, expect } from "@playwright/test";
import type { ProjectRole } from "../pages/project-settings-page";

/**
 * The owner, calling the console API directly. Journeys use it only to arrange what they are not
 * about (a project to work in, a person to sign in as), so the part under test is done in the UI.
 */
export class OwnerApi {
  constructor(private readonly request: APIRequestContext) {}

  async createProject(name: string): Promise<{ id: string; name: string }> {
    const response = await this.request.post("/api/projects", { data: { name } });
    expect(response.status(), await response.text()).toBe(201);
    return response.json();
  }

  async createPerson(person: {
    name: string;
    email: string;
    password: string;
    projects: { projectId: string; role: ProjectRole }[];
  }): Promise<{ id: string; email: string }> {
    const response = await this.request.post("/api/admin/users", { data: { ...person, instanceRole: "member" } });
    expect(response.status(), await response.text()).toBe(201);
    return response.json();
  }

  /** Makes a gateway key in a project, owned by a person; answers its secret (shown this once). */
  async createApiKey(projectId: string, name: string, ownerUserId: string): Promise<string> {
    const response = await this.request.post(`/api/projects/${projectId}/api-keys`, {
      data: { name, owner: { type: "user", userId: ownerUserId } },
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()).secret;
  }

  /** Reads a console route as the owner (a check of what a journey did, not part of it). */
  async get<T>(path: string): Promise<T> {
    const response = await this.request.get(path);
    expect(response.status(), await response.text()).toBe(200);
    return response.json();
  }

  /** Saves a project's API connection as the settings form would. */
  async setConnection(projectId: string, connection: Record<string, unknown>): Promise<void> {
    const response = await this.request.put(`/api/projects/${projectId}/connection`, { data: connection });
    expect(response.status(), await response.text()).toBe(200);
  }
}
