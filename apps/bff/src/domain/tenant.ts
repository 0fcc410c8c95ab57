import type { MdmClient } from '@mdm-console/mdm-api';
import { AppError } from '../errors.ts';
import { upstream, type Vendor } from '../upstream/vendor.ts';

/** Device spaces and DEP, as the console shows them. */
export class TenantService {
  private readonly client: MdmClient;

  constructor(vendor: Vendor) {
    this.client = vendor.client;
  }

  async spaces() {
    const spaces = await upstream(() => this.client.getSpaces());
    const mapped = spaces.map((space) => ({
      id: space.id,
      name: space.name ?? `Space ${String(space.id)}`,
      isDefault: space.defaultPartition === true,
      deviceCount: space.deviceCount ?? null,
      domainRule: space.domainRule ?? null,
    }));
    const fallback = mapped.find((space) => space.isDefault) ?? mapped[0];
    if (!fallback) throw new AppError(502, 'UPSTREAM_MALFORMED', 'The MDM service lists no device space.');
    return { spaces: mapped, defaultSpaceId: fallback.id };
  }

  async requireSpace(spaceId: number): Promise<void> {
    const { spaces } = await this.spaces();
    if (!spaces.some((space) => space.id === spaceId))
      throw new AppError(400, 'UNKNOWN_SPACE', `There is no device space ${String(spaceId)}.`);
  }

  async depServers() {
    const servers = await upstream(() => this.client.getDepServers());
    return { servers: servers.map((server) => ({ id: server.id, name: server.serverName ?? null })) };
  }

  async depProfiles(serverId: number) {
    const profiles = await upstream(() => this.client.getDepProfiles(serverId), 'No DEP server has this id.');
    return {
      profiles: profiles.map((p) => ({
        id: p.id,
        name: p.profileName ?? null,
        supervised: p.supervised ?? null,
        mandatory: p.mandatory ?? null,
        isDefault: p.default ?? null,
        devices: p.numOfDevices ?? null,
      })),
    };
  }
}
